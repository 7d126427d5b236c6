#pragma once
#include "http/message.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "http/services.hpp"
#include "live/summary_cache.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace baro::live {
class hub;
}  // namespace baro::live
namespace baro::store {
class exporter;
}
namespace boost::asio {
class thread_pool;
}

namespace baro::http {

/// What the public routes share on one node, built and owned by `baro serve`.
struct publish_context
{
    std::shared_ptr<live::hub> hub;        ///< SSE subscribers
    live::summary_cache& summaries;        ///< rendered summaries, recomputed on publish events
    store::exporter& exports;              ///< open-data downloads, bounded
    std::chrono::seconds open_data_stall;  ///< a download whose client takes nothing this long is cut
    boost::asio::thread_pool& renders;     ///< share images are rendered here, never on an Asio thread
};

/// Runs `then` with the consultation's cached summary, or answers the failure: `missing()` for an
/// unknown slug (JSON for the API, a page for the pages people open).
template<class Then, class Missing = response (*)()>
void with_summary(services& s, publish_context& p, std::string const& slug, responder done, Then then,
                  Missing missing = consultation_not_found)
{
    auto const c = s.catalog.find(slug);
    if(! c)
        return done(missing());
    p.summaries.get(*c, [done, then](result<live::summary_cache::entry_ptr> r) mutable {
        if(! r)
            return done(json_error(r.err()));
        then(**r);
    });
}

/// A public GET response: ETag, Last-Modified, Cache-Control and open CORS; 304 when the client's
/// If-None-Match already names this ETag.
response public_response(request const& req, std::string_view content_type, std::string body, std::string const& etag,
                         std::int64_t last_modified_s, int max_age_s);

/// GET /api/v1/consultations/{slug}/events (Server-Sent Events).
void add_live_routes(route_table& routes, services& s, publish_context& p);
/// GET /open-data/{slug}.csv|.jsonl, streamed.
void add_open_data_routes(route_table& routes, services& s, publish_context& p);
/// GET /feeds/{slug}.atom and /feeds/{slug}/{theme}.atom.
void add_feed_routes(route_table& routes, services& s);
/// GET /c/{slug}/rapport (the printable report) and /c/{slug}/partage.png (the share image).
void add_report_routes(route_table& routes, services& s, publish_context& p);

}  // namespace baro::http
