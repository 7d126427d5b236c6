#pragma once
#include "core/address_table.hpp"
#include "core/metrics.hpp"
#include "core/net.hpp"
#include "http/message.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baro::http {

/// What every session of one server shares.
struct server_state
{
    route_table const& routes;
    baro::metrics& metrics;
    std::atomic<int> in_flight{0};      ///< requests read and not yet answered
    std::atomic<bool> stopping{false};  ///< finish what is in flight, take nothing new
    /// Proxies whose X-Forwarded-For names the client (config::trusted_proxies).
    std::vector<std::string> trusted_proxies = {};
    /// Connection caps per client address and in total (config::max_connections…); none: uncapped.
    address_table* connections = nullptr;
};

/// Largest request header accepted; a larger one is answered 431.
constexpr std::size_t max_header_bytes = 8 * 1024;
/// How long a client may take to send a request (header and body).
constexpr auto read_timeout = std::chrono::seconds(30);

/// One HTTP/1.1 connection: reads a header, finds the route, applies its body limit before the body
/// is read, calls the handler, writes its response (posted back to this strand), keeps alive.
class session : public std::enable_shared_from_this<session>
{
public:
    /// `slot` is the connection's place in server_state::connections, held as long as the socket.
    session(tcp::socket&& socket, server_state& state, std::shared_ptr<void> slot = {});
    void run();

private:
    void do_read_header();
    void on_read_header(beast::error_code ec, std::size_t bytes);
    void check_before_body(route_spec const& spec);
    void do_read_body();
    void on_read_body(beast::error_code ec, std::size_t bytes);
    std::shared_ptr<request> make_request(bh::request<bh::string_body> msg);
    void dispatch();
    /// Answers before the request was read whole (or could not be), then closes the connection.
    void reply_now(response res);
    void send(response res);
    void on_write(bool close, beast::error_code ec, std::size_t bytes);
    void do_close();

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    server_state& state_;
    std::optional<bh::request_parser<bh::string_body>> parser_;
    std::shared_ptr<request> req_;
    route_match match_;
    std::string route_label_;
    std::chrono::steady_clock::time_point started_;
    std::shared_ptr<response> out_;
    bool counted_ = false;
    std::shared_ptr<void> slot_;
};

}  // namespace baro::http
