#pragma once
#include "store/consultations.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::ingest {

/// True when a consultation's recipient entry names routing form `route` ("facebook:page:<id>",
/// "facebook:post:<id>", "instagram:account:<id>", "x:account:<id>", "x:hashtag:<tag>"). Ids match
/// exactly; a hashtag without its '#' and regardless of ASCII case. Pure.
bool names_route(std::string_view recipient, std::string_view route);

/// The open consultation that takes a public post answering to `routes` (most specific first): the
/// first route some open consultation names wins. nullptr: none does, and the post goes to the
/// unrouted inbox (never to "the only open consultation": a Page's every comment is not one's). Pure.
store::consultation_info const* route_public_post(store::catalog const& catalog, std::vector<std::string> const& routes);

}  // namespace baro::ingest
