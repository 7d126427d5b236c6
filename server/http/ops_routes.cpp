#include "channels/gateway_auth.hpp"
#include "core/address_table.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "store/database.hpp"

namespace baro::http {

namespace {
// /metrics shows traffic, queue depths and refusals: with a token, whoever shows it; without, a
// client on this host. A request an untrusted proxy forwarded is not local even when the proxy is
// (nginx on the same host connects from 127.0.0.1 for every visitor); through a trusted proxy, the
// client it names is checked.
status metrics_allowed(services const& s, request const& req)
{
    if(! s.metrics_token.empty())
    {
        auto const auth = req.msg[bh::field::authorization];
        constexpr std::string_view bearer = "Bearer ";
        if(auth.substr(0, bearer.size()) == bearer && channels::token_matches(s.metrics_token, auth.substr(bearer.size())))
            return ok_t{};
        return fail(errc::unauthorized, "/metrics needs the metrics token (Authorization: Bearer …).");
    }
    bool const forwarded = ! req.msg["X-Forwarded-For"].empty() || ! req.msg[bh::field::forwarded].empty();
    if(is_loopback(req.remote) && (! forwarded || req.from_trusted_proxy))
        return ok_t{};
    return fail(errc::forbidden, "/metrics is served to this host only; set BARO_METRICS_TOKEN to scrape it from elsewhere.");
}
}  // namespace

void add_ops_routes(route_table& routes, services& s)
{
    routes.add({"GET", "/healthz", 0, [](std::shared_ptr<request const>, responder done) {
                    done(make_response(bh::status::ok, "text/plain; charset=utf-8", "ok\n"));
                }});

    routes.add(
        {"GET", "/readyz", 0, [&s](std::shared_ptr<request const>, responder done) {
             // The check runs on a store thread; the Asio thread only queues it.
             auto shared = std::make_shared<responder>(std::move(done));
             bool const queued = s.db.ping([shared](bool ok) {
                 (*shared)(
                     ok ? make_response(bh::status::ok, "text/plain; charset=utf-8", "ready\n")
                        : make_response(bh::status::service_unavailable, "text/plain; charset=utf-8", "database unavailable\n"));
             });
             if(! queued)
                 (*shared)(make_response(bh::status::service_unavailable, "text/plain; charset=utf-8", "store queue full\n"));
         }});

    routes.add({"GET", "/metrics", 0, [&s](std::shared_ptr<request const> req, responder done) {
                    if(auto allowed = metrics_allowed(s, *req); ! allowed)
                    {
                        auto r = json_error(allowed.err());
                        if(allowed.err().code == errc::unauthorized)
                            r.set(bh::field::www_authenticate, "Bearer realm=\"metrics\"");
                        return done(std::move(r));
                    }
                    done(make_response(bh::status::ok, "text/plain; version=0.0.4; charset=utf-8", s.metrics.render()));
                }});
}

}  // namespace baro::http
