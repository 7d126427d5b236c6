#pragma once
#include "http/message.hpp"
#include "http/publish_context.hpp"
#include "http/services.hpp"

namespace baro::http {

/// GET /api/v1/mod/consultations/{slug}/export?format=csv|xlsx[&raw=1]: the analysts' full export,
/// streamed on an exporter slot and audited.
void add_mod_export_routes(route_table& routes, services& s, publish_context& p);

}  // namespace baro::http
