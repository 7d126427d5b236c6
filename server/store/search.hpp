#pragma once
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

/// A search over contributions. `key` is the query's search key (text::search_key of what the
/// moderator typed): the same folding as the stored keys, so `kono` finds `kɔnɔ` and `kònò`.
struct search_query
{
    std::optional<std::int64_t> consultation_id;
    std::string key;
    int limit = 50;
};

struct search_hit
{
    std::int64_t id = 0;
    std::string display_text;
    double score = 0;   ///< full-text rank, or trigram word similarity for near spellings
};

/// Whole words through the full-text index (`simple` configuration), near spellings of a whole word
/// (`<<%`, strict word similarity: `konno` finds `kono`, `kalo` does not find `kalanso`) through the
/// trigram index; best first. Blocking: for store threads and the CLI.
result<std::vector<search_hit>> search_contributions(std::string const& url, search_query const& q);

}  // namespace baro::store
