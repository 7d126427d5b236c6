#include "http/response.hpp"
#include "http/services.hpp"
#include "store/database.hpp"

namespace baro::http {

void add_ops_routes(route_table& routes, services& s)
{
    routes.add({"GET", "/healthz", 0, [](std::shared_ptr<request const>, responder done) {
                    done(make_response(bh::status::ok, "text/plain; charset=utf-8", "ok\n"));
                }});

    routes.add({"GET", "/readyz", 0, [&s](std::shared_ptr<request const>, responder done) {
                    // The check runs on a store thread; the Asio thread only queues it.
                    auto shared = std::make_shared<responder>(std::move(done));
                    bool const queued = s.db.ping([shared](bool ok) {
                        (*shared)(ok ? make_response(bh::status::ok, "text/plain; charset=utf-8", "ready\n")
                                     : make_response(bh::status::service_unavailable, "text/plain; charset=utf-8",
                                                     "database unavailable\n"));
                    });
                    if(! queued)
                        (*shared)(make_response(bh::status::service_unavailable, "text/plain; charset=utf-8",
                                                "store queue full\n"));
                }});

    routes.add({"GET", "/metrics", 0, [&s](std::shared_ptr<request const>, responder done) {
                    done(make_response(bh::status::ok, "text/plain; version=0.0.4; charset=utf-8", s.metrics.render()));
                }});
}

}  // namespace baro::http
