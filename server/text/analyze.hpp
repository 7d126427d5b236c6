#pragma once
#include "text/display.hpp"
#include "text/language.hpp"
#include "text/themes.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// Everything the intake paths store about one contribution's text.
struct analysis
{
    display_result display;  ///< what moderators (and, redacted, the public) see
    std::string search_key;  ///< key of the whole display text, for search and duplicates
    language_guess language;
    std::vector<std::string> suggested_themes;  ///< theme slugs, in theme order
    std::vector<std::string> hashtags;          ///< hashtag keys (no '#'), first occurrence order, no repeats
    std::vector<std::string> flags;             ///< "cp1252", "truncated", "mixed_script"
};

/// The whole text pipeline for raw bytes from any intake path. Never throws; bounded time.
analysis analyze(std::string_view raw_bytes, std::vector<theme_lexicon> const& themes);

/// `analyze` with lexicons compiled once (what a server keeps per consultation).
analysis analyze(std::string_view raw_bytes, theme_matcher const& themes);

}  // namespace baro::text
