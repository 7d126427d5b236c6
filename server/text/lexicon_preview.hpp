#pragma once
// Which stored texts each keyword of a theme lexicon would match, for the admin's preview: the
// same tokens and the same matcher as intake's theme suggestion, one keyword at a time.
#include <cstddef>
#include <string>
#include <vector>

namespace baro::text {

/// One keyword and the indexes (into the texts given) of the texts it matches.
struct keyword_hits
{
    std::string keyword;
    std::string language;  ///< "fr" or "bm"
    std::vector<std::size_t> texts;
};

/// For each French then Bambara keyword, the display texts it matches as theme_matcher would
/// (French by stem, Bambara by key, plural or compound head). Pure.
std::vector<keyword_hits> preview_keywords(std::vector<std::string> const& display_texts, std::vector<std::string> const& fr,
                                           std::vector<std::string> const& bm);

}  // namespace baro::text
