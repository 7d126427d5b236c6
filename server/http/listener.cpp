#include "http/listener.hpp"

#include "channels/gateway_auth.hpp"
#include "core/address_table.hpp"
#include "core/log.hpp"

#include <algorithm>
#include <cerrno>

namespace baro::http {

namespace {
// Errors that mean "no descriptor or buffer now": retrying at once only spins.
bool out_of_resources(beast::error_code ec)
{
    return ec == net::error::no_descriptors || ec == beast::error_code(ENFILE, boost::system::system_category()) ||
           ec == net::error::no_buffer_space || ec == net::error::no_memory;
}
}  // namespace

listener::listener(net::io_context& ioc, tcp::endpoint endpoint, server_state& state)
    : ioc_(ioc),
      acceptor_(net::make_strand(ioc)),
      pause_(acceptor_.get_executor()),
      state_(state)
{
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
}

void listener::run() { do_accept(); }

void listener::stop()
{
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
        self->pause_.cancel();
    });
}

void listener::do_accept()
{
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket)
{
    if(ec == net::error::operation_aborted || ! acceptor_.is_open())
        return;
    if(ec && out_of_resources(ec))
        return back_off(ec);
    if(ec)
    {
        if(auto n = accept_errors_.note())
            log::warn("http", "accept: " + ec.message() + " (" + std::to_string(*n) + " in the last second)");
    }
    else
    {
        backoff_ = accept_backoff_first;
        admit(std::move(socket));
    }
    do_accept();
}

// Out of descriptors: the connection waits in the kernel's backlog until one is free. Accepting in
// a loop meanwhile burned the cores and wrote a log line per try.
void listener::back_off(beast::error_code ec)
{
    state_.metrics.count("baro_http_accept_paused_total", "", 1);
    if(auto n = accept_errors_.note())
        log::warn("http", "accept: " + ec.message() + " (" + std::to_string(*n) + " in the last second); pausing accepts for " +
                              std::to_string(backoff_.count()) + " ms");
    pause_.expires_after(backoff_);
    backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, accept_backoff_longest);
    pause_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if(wait_ec || ! self->acceptor_.is_open())
            return;
        self->do_accept();
    });
}

void listener::admit(tcp::socket socket)
{
    beast::error_code ec;
    auto const peer = socket.remote_endpoint(ec);
    if(ec)
        return;  // already gone
    std::shared_ptr<void> slot;
    if(state_.connections)
    {
        auto const address = peer.address().to_string();
        // A trusted proxy carries many clients on its connections: it counts in the total only, and
        // the proxy caps each client itself (nginx limit_conn, see docs/operations.md).
        bool const proxy = ! state_.trusted_proxies.empty() && channels::address_allowed(state_.trusted_proxies, address);
        auto admission = proxy ? state_.connections->admit_total_only() : state_.connections->admit(limit_key(address));
        if(! admission.slot.held())
        {
            bool const total = admission.refused == address_table::refusal::total;
            state_.metrics.count("baro_http_connections_refused_total", total ? "reason=\"total\"" : "reason=\"per_address\"", 1);
            if(auto n = refusals_.note())
                log::warn("http",
                          "refused " + std::to_string(*n) + " connection(s) in the last second: " +
                              (total ? "the total cap (" + std::to_string(state_.connections->total_cap()) + ")"
                                     : "a client address's cap (" + std::to_string(state_.connections->per_address_cap()) + ")") +
                              " is reached");
            socket.set_option(net::socket_base::linger(true, 0), ec);  // reset: no TIME_WAIT kept for it
            return;
        }
        slot = std::make_shared<address_table::lease>(std::move(admission.slot));
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<session>(std::move(socket), state_, std::move(slot))->run();
}

}  // namespace baro::http
