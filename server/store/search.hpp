#pragma once
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
    double score = 0;  ///< full-text rank, or trigram word similarity for near spellings
};

/// The query's words in order inside the key (LIKE, so `kono` also finds `konoya`), or near spellings
/// of a whole word (`<<%`, strict word similarity: `konno` finds `kono`, `kalo` does not find
/// `kalanso`), both through the one trigram index; best first. Blocking: for store threads and the CLI.
result<std::vector<search_hit>> search_contributions(std::string const& url, search_query const& q);

/// The LIKE pattern of a search key: its words in order, `%` between them, LIKE's own characters
/// escaped. Pure.
std::string like_pattern(std::string_view key);

}  // namespace baro::store
