#pragma once
#include "store/publish_read.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::publish {

/// What an Atom feed is about.
struct feed_info
{
    std::string id;  ///< the feed's permanent URL (also its atom:id)
    std::string title;
    std::string alternate;   ///< the HTML page it mirrors
    std::string entry_base;  ///< entry ids are `entry_base#c<id>`
    std::string lang;
    std::string public_url;  ///< entries link to `public_url` + contribution_path(slug, id)
    std::string slug;
};

/// An Atom 1.0 feed of published contributions, newest first, text redacted in `info.lang` and
/// escaped (HTML in a contribution stays text); each entry links to its contribution's page. Pure.
std::string atom_feed(feed_info const& info, std::vector<store::public_contribution> const& items);

}  // namespace baro::publish
