#pragma once
#include "core/log_throttle.hpp"
#include "core/net.hpp"
#include "http/session.hpp"

#include <chrono>
#include <memory>

namespace baro::http {

/// The first pause after the process ran out of descriptors; it doubles up to the longest.
constexpr auto accept_backoff_first = std::chrono::milliseconds(50);
constexpr auto accept_backoff_longest = std::chrono::seconds(1);

/// Accepts connections and starts a session on its own strand for each. A connection over the
/// caps of `server_state::connections` is closed at once; when the process is out of descriptors
/// the listener pauses (accept_backoff_first, doubling) instead of retrying in a loop. Both are
/// logged at most once a second, with a count.
class listener : public std::enable_shared_from_this<listener>
{
public:
    /// Binds and listens; throws on failure (start-up only).
    listener(net::io_context& ioc, tcp::endpoint endpoint, server_state& state);
    void run();
    /// Stops accepting; sessions already running finish on their own.
    void stop();
    /// The bound endpoint (port 0 resolves to the real port).
    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);
    void back_off(beast::error_code ec);
    void admit(tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    net::steady_timer pause_;
    std::chrono::milliseconds backoff_ = accept_backoff_first;
    server_state& state_;
    log_throttle accept_errors_;
    log_throttle refusals_;
};

}  // namespace baro::http
