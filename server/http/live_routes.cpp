#include "core/address_table.hpp"
#include "core/form.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "live/relay.hpp"
#include "live/sse_format.hpp"
#include "live/sse_session.hpp"
#include "live/summary_cache.hpp"
#include "store/consultations.hpp"

namespace baro::http {

namespace {

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
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return answer_and_close(std::move(socket), consultation_not_found());
    if(req->msg.method() == bh::verb::head)
        return answer_head(std::move(socket));
    // The stream's slot and the connection's are held together, for as long as the stream lives.
    auto slots =
        std::make_shared<std::pair<std::shared_ptr<void>, address_table::lease>>(req->connection, address_table::lease{});
    if(s.streams)
    {
        auto admission = s.streams->admit(limit_key(req->remote));
        if(! admission.slot.held())
        {
            s.metrics.count("baro_live_streams_refused_total", "", 1);
            auto r = json_error(fail(errc::too_many_requests, "Too many live streams from your address (limit " +
                                                                  std::to_string(s.streams->per_address_cap()) +
                                                                  "); close one and retry."));
            return answer_and_close(std::move(socket), std::move(r));
        }
        slots->second = std::move(admission.slot);
    }
    auto const lang = request_language(*req);
    // EventSource sends Last-Event-ID when it reconnects; a client that cannot set headers may use ?last_event_id=.
    auto last = live::parse_last_event_id(req->msg["Last-Event-ID"]);
    if(last == 0)
        last = live::parse_last_event_id(field(query_of(*req), "last_event_id").value_or(""));
    auto session = std::make_shared<live::sse_session>(std::move(socket), p.hub, live::topic_of(c->id, lang), std::move(slots));
    session->start(last);
    // A first subscriber may arrive before any summary was computed: computing it publishes it.
    p.summaries.get(*c, [](result<live::summary_cache::entry_ptr>) {});
}

}  // namespace

void add_live_routes(route_table& routes, services& s, publish_context& p)
{
    routes.add(
        {"GET", "/api/v1/consultations/{slug}/events", 0, {}, [&s, &p](std::shared_ptr<request const> req, tcp::socket socket) {
             get_events(s, p, std::move(req), std::move(socket));
         }});
}

}  // namespace baro::http
