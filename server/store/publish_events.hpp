#pragma once
#include "core/net.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pqxx {
class transaction_base;
}

namespace baro::store {

/// The channel publish events travel on.
constexpr char const* publish_channel = "baro_publish";

/// A contribution was published or unpublished (committed: NOTIFY is delivered after COMMIT).
struct publish_event
{
    std::int64_t consultation_id = 0;
    std::int64_t contribution_id = 0;
    bool published = true;
    /// The event's global id (sql/018: one sequence, taken under a lock held until commit, so every
    /// listener hears the ids in increasing order); 0 from a sender that predates it.
    std::uint64_t seq = 0;
};

/// `{"seq":N,"consultation_id":N,"id":N,"event":"publish"|"unpublish"}`, as sql/018 writes it. Pure.
std::string publish_event_payload(publish_event const& e);

/// Reads a payload; nullopt when it is not one. Pure.
std::optional<publish_event> parse_publish_event(std::string_view payload);

/// Queues the publish event inside the caller's transaction (`baro_notify_publish`, sql/018) and
/// returns its global id: every node's listener hears it when, and only if, that transaction commits.
/// Until then, other publishing transactions wait for theirs: call it late in the transaction.
std::uint64_t notify_publish(pqxx::transaction_base& tx, std::int64_t consultation_id, std::int64_t contribution_id,
                             bool published);

/// What the listener tells its owner each time it (re)starts listening.
struct listening
{
    /// The newest event id when LISTEN took effect: this node hears every event after it, and
    /// none at or before it is known to have been heard.
    std::uint64_t floor = 0;
    /// Listening again after a lost connection: events may have been missed meanwhile.
    bool again = false;
};

/// A dedicated connection that LISTENs on `baro_publish`. Its socket is watched by Asio, so no thread
/// waits on it; a lost connection is reopened (the connect itself runs off the Asio threads) and
/// `on_listening` tells the owner where the events it will hear start.
class publish_listener : public std::enable_shared_from_this<publish_listener>
{
public:
    publish_listener(net::io_context& ioc, std::string url, std::function<void(publish_event const&)> on_event,
                     std::function<void(listening const&)> on_listening);
    ~publish_listener();
    /// Connects (in the background) and starts listening.
    void start();
    /// Stops listening and closes the connection.
    void stop();

private:
    struct impl;
    void do_connect();
    void on_connected(std::shared_ptr<impl> next);
    void do_wait();
    void on_readable(beast::error_code ec);
    void lost(std::string const& why);

    net::strand<net::io_context::executor_type> strand_;
    net::steady_timer retry_;
    std::string url_;
    std::function<void(publish_event const&)> on_event_;
    std::function<void(listening const&)> on_listening_;
    std::shared_ptr<impl> impl_;
    bool stopped_ = false;
    bool connected_once_ = false;
};

}  // namespace baro::store
