#include "core/form.hpp"
#include "http/publish_context.hpp"
#include "http/route_support.hpp"
#include "live/relay.hpp"
#include "live/sse_format.hpp"
#include "live/sse_session.hpp"
#include "live/summary_cache.hpp"
#include "store/consultations.hpp"

namespace baro::http {

namespace {

void get_events(services& s, publish_context& p, std::shared_ptr<request const> req, tcp::socket socket)
{
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return answer_and_close(std::move(socket), consultation_not_found());
    auto const lang = request_language(*req);
    // EventSource sends Last-Event-ID when it reconnects; a client that cannot set headers may use ?last_event_id=.
    auto last = live::parse_last_event_id(req->msg["Last-Event-ID"]);
    if(last == 0)
        last = live::parse_last_event_id(field(query_of(*req), "last_event_id").value_or(""));
    auto session = std::make_shared<live::sse_session>(std::move(socket), p.hub, live::topic_of(c->id, lang));
    session->start(last);
    // A first subscriber may arrive before any summary was computed: computing it publishes it.
    p.summaries.get(*c, [](result<live::summary_cache::entry_ptr>) {});
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
