#pragma once
#include "store/publish_read.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace baro::publish {

/// The permanent public path of a published contribution (Atom entries link to it).
std::string contribution_path(std::string_view slug, std::int64_t id);

/// What the contribution page shows around the contribution, already in the reader's language.
struct contribution_page_labels
{
    std::string heading;        ///< e.g. "Avis publié"
    std::string region;         ///< the region's name, "" when the citizen did not say
    std::string themes;         ///< theme labels joined by " · "
    std::string results_label;  ///< the link back to the results page
    std::string results_url;
    /// The voice note or picture a moderator published explicitly (served at /media/{id}); 0: none.
    std::int64_t public_media_id = 0;
    bool public_media_is_image = false;
};

/// The content of the page of one published contribution: its redacted text (in `lang`), region,
/// themes and date, all escaped; never a pseudonym, raw text or channel id; a public post's link
/// back (https only) when its consultation shows source links; the medium a moderator published,
/// as an audio player or a picture. Pure.
std::string contribution_article(store::public_contribution const& c, std::string_view lang, contribution_page_labels const& l);

}  // namespace baro::publish
