#pragma once
#include "core/address_table.hpp"
#include "core/metrics.hpp"
#include "http/i18n.hpp"
#include "core/secrets.hpp"
#include "http/message.hpp"

#include <string>

namespace baro::store {
class catalog_cache;
class database;
}  // namespace baro::store

namespace baro::ingest {
struct channel_context;
class reindex_jobs;
}  // namespace baro::ingest

namespace baro::http {

/// What route handlers need, wired once by `baro serve`.
struct services
{
    store::catalog_cache& catalog;
    store::database& db;
    store::database& reads;  ///< public reads: BARO_READ_DATABASE_URL's standby, else `db`
    messages const& text;
    baro::metrics& metrics;
    std::string public_url;
    baro::secrets const& keys;
    ingest::channel_context& channels;  ///< intake: every contribution goes through ingest/
    /// Live event streams per client address (config::max_streams_per_address); none: uncapped.
    address_table* streams = nullptr;
    /// Bearer token /metrics requires (config::metrics_token); empty: loopback clients only.
    std::string metrics_token = {};
    /// Admins' background re-runs of theme suggestion (ingest/reindex_jobs); none: the route answers 503.
    ingest::reindex_jobs* reindex = nullptr;
    /// Where voice notes and pictures are kept (config::media_dir); empty: /mod/media answers 404.
    std::string media_dir = {};
};

/// GET /healthz, /readyz, /metrics.
void add_ops_routes(route_table& routes, services& s);
/// GET /, GET|POST /c/{slug}, GET /c/{slug}/merci, GET /static/{path*}.
void add_citizen_routes(route_table& routes, services& s);
/// POST /api/v1/consultations/{slug}/contributions.
void add_api_routes(route_table& routes, services& s);
/// /hooks/…: one route per gateway whose secret is configured.
void add_hook_routes(route_table& routes, services& s);
/// /mod/… console pages and /api/v1/mod/… (sessions, queue, decisions).
void add_mod_routes(route_table& routes, services& s);
struct publish_context;
/// Public reads, embeds, results and transparency pages, oEmbed, feeds, open data and live events.
void add_publish_routes(route_table& routes, services& s, publish_context& p);

/// Body limit of form and JSON posts: 5,000 characters of 4-byte UTF-8, percent-encoded, with room.
constexpr std::size_t max_contribution_body_bytes = 64 * 1024;

}  // namespace baro::http
