#include "core/address_table.hpp"
#include "core/form.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "live/sse_format.hpp"
#include "live/sse_session.hpp"
#include "live/summary_cache.hpp"
#include "store/consultations.hpp"

namespace baro::http {

namespace {

// Writes one complete response on a socket taken over by a stream route, then closes it.
void answer_and_close(tcp::socket socket, response res)
{
    res.keep_alive(false);
    res.prepare_payload();
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    auto msg = std::make_shared<response>(std::move(res));
    stream->expires_after(std::chrono::seconds(30));
    bh::async_write(*stream, *msg, [stream, msg](beast::error_code, std::size_t) {
        beast::error_code ec;
        stream->socket().shutdown(tcp::socket::shutdown_send, ec);
    });
}

// HEAD: the stream's head and nothing after it (a body would never end).
void answer_head(tcp::socket socket)
{
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    auto const head = live::sse_response_head();
    auto const text = std::make_shared<std::string const>(head.substr(0, head.find("\r\n\r\n") + 4));
    stream->expires_after(std::chrono::seconds(30));
    net::async_write(*stream, net::buffer(*text), [stream, text](beast::error_code, std::size_t) {
        beast::error_code ec;
        stream->socket().shutdown(tcp::socket::shutdown_send, ec);
    });
}

void get_events(services& s, publish_context& p, std::shared_ptr<request const> req, tcp::socket socket)
{
    auto const snapshot = s.catalog.get();
    auto const* c = store::find_by_slug(*snapshot, req->params.at("slug"));
    if(! c)
        return answer_and_close(std::move(socket), json_error(fail(errc::not_found, "No such consultation.")));
    if(req->msg.method() == bh::verb::head)
        return answer_head(std::move(socket));
    // The stream's slot and the connection's are held together, for as long as the stream lives.
    auto slots = std::make_shared<std::pair<std::shared_ptr<void>, address_table::lease>>(req->connection, address_table::lease{});
    if(s.streams)
    {
        auto admission = s.streams->admit(limit_key(req->remote));
        if(! admission.slot.held())
        {
            s.metrics.count("baro_live_streams_refused_total", "", 1);
            auto r = json_error(fail(errc::too_many_requests,
                                     "Too many live streams from your address (limit " +
                                         std::to_string(s.streams->per_address_cap()) + "); close one and retry."));
            return answer_and_close(std::move(socket), std::move(r));
        }
        slots->second = std::move(admission.slot);
    }
    auto const q = parse_urlencoded(req->query);
    auto const lang = negotiate_language(q ? field(*q, "lang").value_or("") : "", req->msg[bh::field::accept_language]);
    // EventSource sends Last-Event-ID when it reconnects; a client that cannot set headers may use ?last_event_id=.
    auto last = live::parse_last_event_id(req->msg["Last-Event-ID"]);
    if(last == 0 && q)
        last = live::parse_last_event_id(field(*q, "last_event_id").value_or(""));
    auto session = std::make_shared<live::sse_session>(std::move(socket), p.hub, topic_of(c->id, lang), std::move(slots));
    session->start(last);
    // A first subscriber may arrive before any summary was computed: computing it publishes it.
    p.summaries->get(*c, [](result<live::summary_cache::entry_ptr>) {});
}

}  // namespace

void add_live_routes(route_table& routes, services& s, publish_context& p)
{
    routes.add({"GET", "/api/v1/consultations/{slug}/events", 0, {},
                [&s, &p](std::shared_ptr<request const> req, tcp::socket socket) {
                    get_events(s, p, std::move(req), std::move(socket));
                }});
}

}  // namespace baro::http
