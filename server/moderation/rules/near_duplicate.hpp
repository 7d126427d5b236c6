#pragma once
// Near-duplicate candidates for the moderation queue: copy-paste campaigns arrive as the same text
// with a name, a greeting or punctuation changed. MinHash over word pairs of the search key, cut into
// bands (locality-sensitive hashing): two texts whose word-pair sets overlap much share a band with
// high probability, unrelated texts almost never do. A shared band only proposes a candidate; the
// store confirms it with PostgreSQL's trigram similarity (near_duplicate_similarity) before grouping.
#include <cstdint>
#include <string_view>
#include <vector>

namespace baro::moderation {

/// Number of bands similarity_bands() returns for a text with at least one word.
constexpr int near_duplicate_bands = 8;

/// pg_trgm similarity() at or above which a candidate joins the group.
constexpr double near_duplicate_similarity = 0.6;

/// The band hashes of a search key (already folded: lower case, words separated by spaces), scoped to
/// a consultation (0 for the unrouted inbox) so that texts of different consultations never meet.
/// Empty for a key without words. Deterministic across runs, machines and versions of this build:
/// the values are stored in the database.
///
/// With 16 hash functions in 8 bands of 2, two texts of word-pair Jaccard similarity J share a band
/// with probability 1 - (1 - J²)⁸: 0.999 at J = 0.8, 0.90 at J = 0.5, 0.08 at J = 0.1.
std::vector<std::int64_t> similarity_bands(std::string_view search_key, std::int64_t consultation_id);

}  // namespace baro::moderation
