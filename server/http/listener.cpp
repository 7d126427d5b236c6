#include "http/listener.hpp"

#include "core/log.hpp"

namespace baro::http {

listener::listener(net::io_context& ioc, tcp::endpoint endpoint, server_state& state)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), state_(state)
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
    if(ec)
        log::warn("http", "accept: " + ec.message());   // e.g. too many open files: keep accepting
    else
    {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<session>(std::move(socket), state_)->run();
    }
    do_accept();
}

}  // namespace baro::http
