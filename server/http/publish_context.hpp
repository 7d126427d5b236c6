#pragma once
#include "http/message.hpp"
#include "http/services.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace baro::live {
class hub;
class summary_cache;
}  // namespace baro::live
namespace baro::store { class publish_listener; }

namespace baro::http {

/// What the public routes share on one node: the summary cache, the live hub, the LISTEN bridge.
struct publish_context
{
    std::shared_ptr<live::hub> hub;
    std::shared_ptr<live::summary_cache> summaries;
    std::shared_ptr<store::publish_listener> listener;
    ~publish_context();
};

/// The hub topic of a consultation's events in one interface language.
std::string topic_of(std::int64_t consultation_id, std::string_view lang);

/// A public GET response: ETag, Last-Modified, Cache-Control and open CORS; 304 when the client's
/// If-None-Match already names this ETag.
response public_response(request const& req, std::string_view content_type, std::string body, std::string const& etag,
                         std::int64_t last_modified_s, int max_age_s);

/// GET /api/v1/consultations/{slug}/events (Server-Sent Events).
void add_live_routes(route_table& routes, services& s, publish_context& p);
/// GET /open-data/{slug}.csv|.jsonl, streamed.
void add_open_data_routes(route_table& routes, services& s);
/// GET /feeds/{slug}.atom and /feeds/{slug}/{theme}.atom.
void add_feed_routes(route_table& routes, services& s, publish_context& p);

}  // namespace baro::http
