#pragma once
#include "core/net.hpp"
#include "http/session.hpp"

#include <memory>

namespace baro::http {

/// Accepts connections and starts a session on its own strand for each.
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

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    server_state& state_;
};

}  // namespace baro::http
