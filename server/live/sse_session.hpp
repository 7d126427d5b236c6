#pragma once
#include "core/net.hpp"
#include "live/hub.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace baro::live {

/// Frames a subscriber may have waiting (the write in progress included); one that falls further
/// behind is dropped.
constexpr std::size_t max_queued_frames = 64;
/// A comment line this often keeps proxies and phones from closing an idle stream.
constexpr auto heartbeat_interval = std::chrono::seconds(15);
/// A write that has not finished after this long means the subscriber stopped reading.
constexpr auto stalled_write_limit = std::chrono::seconds(30);
/// How long a stream whose Last-Event-ID is newer than anything this node sent waits for the node's
/// listener to catch up (it came from a node a few milliseconds ahead) before it starts over from a
/// snapshot (the id was from an earlier run of the database, or made up), and how often it asks.
constexpr auto catch_up_limit = std::chrono::seconds(2);
constexpr auto catch_up_poll = std::chrono::milliseconds(20);

/// One subscriber's event stream; owns its socket, runs on its hub shard's strand (the socket is
/// moved there when the session takes it over).
class sse_session : public subscriber, public std::enable_shared_from_this<sse_session>
{
public:
    /// `slots` is what the stream holds while it lives (its places in the connection and stream caps).
    sse_session(tcp::socket&& socket, std::shared_ptr<hub> h, std::string topic, std::shared_ptr<void> slots = {});
    ~sse_session() override;
    /// Joins the topic, writes the response head and what was missed since `last_id`.
    void start(std::uint64_t last_id);
    /// On the shard's strand (hub::fan_out).
    void deliver(frame const& f) override;

private:
    void do_join(std::uint64_t last_id, std::chrono::steady_clock::time_point give_up);
    void enqueue(frame f);
    void do_write();
    template<class Buffers>
    void write_now(Buffers const& buffers);
    void on_write(beast::error_code ec, std::size_t bytes);
    void do_heartbeat();
    void do_watch();
    void drop();

    std::size_t shard_;
    tcp::socket socket_;
    net::steady_timer heartbeat_;
    net::steady_timer catch_up_;
    std::shared_ptr<hub> hub_;
    std::string topic_;
    std::deque<frame> queue_;     ///< waiting for the next write
    std::vector<frame> sending_;  ///< in the write in progress (one gathered write of all of them)
    bool writing_ = false;
    bool closed_ = false;
    std::chrono::steady_clock::time_point write_started_;
    char probe_ = 0;
    std::shared_ptr<void> slots_;
};

}  // namespace baro::live
