#include "http/session.hpp"

#include "channels/gateway_auth.hpp"
#include "core/log.hpp"
#include "http/response.hpp"

#include <limits>

namespace baro::http {

session::session(tcp::socket&& socket, server_state& state, std::shared_ptr<void> slot)
    : stream_(std::move(socket)),
      state_(state),
      slot_(std::move(slot))
{
}

void session::run()
{
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read_header(); });
}

void session::do_read_header()
{
    if(state_.stopping)
        return do_close();
    parser_.emplace();
    parser_->header_limit(max_header_bytes);
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());  // the route sets it after the header
    stream_.expires_after(read_timeout);
    bh::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read_header, shared_from_this()));
}

void session::on_read_header(beast::error_code ec, std::size_t)
{
    if(ec == bh::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
       ec == net::error::connection_reset || ec == net::error::eof)
        return do_close();
    started_ = std::chrono::steady_clock::now();
    route_label_ = "unmatched";
    if(ec == bh::error::header_limit)
        return reply_now(make_response(bh::status::request_header_fields_too_large, "text/plain; charset=utf-8",
                                       "Request header too large (limit 8 KiB).\n"));
    if(ec)
    {
        log::debug("http", "malformed request: " + ec.message());
        return reply_now(make_response(bh::status::bad_request, "text/plain; charset=utf-8", "Malformed HTTP request.\n"));
    }

    auto const& h = parser_->get();
    auto const [path, query] = split_target(h.target());
    match_ = state_.routes.match(h.method_string(), path);
    if(match_.outcome == route_match::kind::not_found)
        return reply_now(json_error(fail(errc::not_found, "No such page or endpoint.")));
    if(match_.outcome == route_match::kind::method_not_allowed)
    {
        auto r = json_error(fail(errc::method_not_allowed, "Method not allowed here."));
        r.set(bh::field::allow, match_.allow);
        return reply_now(std::move(r));
    }
    auto const& spec = state_.routes.spec(match_.index);
    route_label_ = spec.pattern;
    auto const length = parser_->content_length();
    // 413 before the body is read: the client learns at once and we never buffer it.
    if(length && *length > spec.body_limit)
        return reply_now(json_error(fail(errc::payload_too_large, "The request body is larger than this endpoint accepts (" +
                                                                      std::to_string(spec.body_limit) + " bytes).")));
    parser_->body_limit(spec.body_limit);
    if(parser_->is_done())
        return dispatch();
    // A large (or chunked) body on a route that needs credentials waits until they were checked.
    if(spec.before_body && (! length || *length > anonymous_body_bytes))
        return check_before_body(spec);
    do_read_body();
}

void session::check_before_body(route_spec const& spec)
{
    auto head = make_request(bh::request<bh::string_body>(parser_->get().base()));
    spec.before_body(std::move(head), [self = shared_from_this()](status checked) {
        net::post(self->stream_.get_executor(), [self, checked = std::move(checked)] {
            if(! checked)
                return self->reply_now(json_error(checked.err()));
            self->do_read_body();
        });
    });
}

void session::do_read_body()
{
    bh::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read_body, shared_from_this()));
}

void session::on_read_body(beast::error_code ec, std::size_t)
{
    if(ec == bh::error::body_limit)
        return reply_now(json_error(fail(errc::payload_too_large, "The request body is larger than this endpoint accepts.")));
    if(ec)
        return do_close();
    dispatch();
}

void session::dispatch()
{
    stream_.expires_never();
    req_ = make_request(parser_->release());
    req_->params = std::move(match_.params);
    auto const& spec = state_.routes.spec(match_.index);
    if(spec.stream)
    {
        req_->connection = std::move(slot_);
        // Long-lived: not counted in flight, so a graceful stop does not wait for it.
        state_.metrics.observe_request(route_label_, req_->msg.method_string(), 200, 0);
        return spec.stream(std::move(req_), stream_.release_socket());
    }
    ++state_.in_flight;
    counted_ = true;
    auto respond = [self = shared_from_this()](response res) {
        net::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
    };
    try
    {
        spec.fn(req_, respond);
    }
    catch(std::exception const& e)
    {
        // A handler bug must cost one request, never the process and every citizen's connection.
        log::error("http", route_label_ + ": " + e.what());
        respond(json_error(fail(errc::internal, "An internal error occurred.")));
    }
}

std::shared_ptr<request> session::make_request(bh::request<bh::string_body> msg)
{
    auto r = std::make_shared<request>();
    r->msg = std::move(msg);
    auto const [path, query] = split_target(r->msg.target());
    r->path = std::string(path);
    r->query = std::string(query);
    r->params = match_.params;
    beast::error_code ec;
    auto const ep = stream_.socket().remote_endpoint(ec);
    if(! ec)
    {
        auto const peer = ep.address().to_string();
        r->remote = channels::client_address(peer, r->msg["X-Forwarded-For"], state_.trusted_proxies);
        r->from_trusted_proxy = ! state_.trusted_proxies.empty() && channels::address_allowed(state_.trusted_proxies, peer);
    }
    return r;
}

void session::reply_now(response res)
{
    res.keep_alive(false);
    send(std::move(res));
}

void session::send(response res)
{
    auto const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    auto const method = req_ ? req_->msg.method_string() : std::string_view("-");
    state_.metrics.observe_request(route_label_, method, static_cast<int>(res.result_int()), seconds);
    bool const keep = (! req_ || req_->msg.keep_alive()) && res.keep_alive() && ! state_.stopping;
    if(req_)
        res.keep_alive(keep && req_->msg.keep_alive());
    auto const path = req_ ? std::string_view(req_->path) : split_target(parser_->get().target()).first;
    if(is_private_path(path))
        res.set(bh::field::cache_control, "no-store");
    res.prepare_payload();
    if(req_ && req_->msg.method() == bh::verb::head)
    {
        // HEAD: the GET's headers, Content-Length included, and no body (a body would be read as
        // the start of the next response on this connection).
        auto const length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    bool const close = ! res.keep_alive();
    out_ = std::make_shared<response>(std::move(res));
    stream_.expires_after(read_timeout);
    bh::async_write(stream_, *out_, beast::bind_front_handler(&session::on_write, shared_from_this(), close));
}

void session::on_write(bool close, beast::error_code ec, std::size_t)
{
    if(counted_)
    {
        --state_.in_flight;
        counted_ = false;
    }
    out_.reset();
    req_.reset();
    if(ec || close)
        return do_close();
    do_read_header();
}

void session::do_close()
{
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace baro::http
