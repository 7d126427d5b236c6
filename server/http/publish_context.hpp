#pragma once
#include "http/message.hpp"
#include "http/services.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace baro::live {
class hub;
class summary_cache;
}  // namespace baro::live
namespace baro::store {
class exporter;
}

namespace baro::http {

/// What the public routes share on one node, built and owned by `baro serve`.
struct publish_context
{
    std::shared_ptr<live::hub> hub;        ///< SSE subscribers
    live::summary_cache& summaries;        ///< rendered summaries, recomputed on publish events
    store::exporter& exports;              ///< open-data downloads, bounded
    std::chrono::seconds open_data_stall;  ///< a download whose client takes nothing this long is cut
};

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

}  // namespace baro::http
