#pragma once
// PostgreSQL pg_trgm's similarity(), computed in baro for keys it can compute exactly: the duplicate
// grouper confirms a near-duplicate candidate with it (moderation/rules/near_duplicate.hpp) and asked
// PostgreSQL for each one, 29 µs of the database's CPU a message during a broadcast (issue 17).
//
// pg_trgm splits a text into words (runs of characters the database's locale calls alphanumeric),
// lower-cases them, pads each word with two spaces before and one after, and takes the set of its
// three-character windows; similarity is |A ∩ B| / |A ∪ B| as a float4, 0 when either set is empty.
// For ASCII without capitals the locale does not matter (every UTF-8 locale and C agree on ASCII
// letters and digits, and lower-casing changes nothing), so such a key gets its set here; search keys
// are case-folded and fold ɛ, ɔ, ɲ, ŋ and Latin marks away, so most French and Bambara ones qualify
// (93 % of the pairs of real sentences in tests/db/trigram_similarity_test.cpp). Any other key returns
// none: the caller asks PostgreSQL, whose answer for œ, N'Ko or a Turkish capital I depends on the
// database's locale. Punctuation and symbols outside ASCII (°, «, », €) are separators in every
// locale; the caller learns which they are from the database itself (trigrams()).
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace baro::moderation {

/// A sorted set of trigrams, each packed in the low 24 bits.
using trigram_set = std::vector<std::uint32_t>;

/// pg_trgm's trigram set of `key` if every byte of it is ASCII and none is a capital letter; none otherwise.
std::optional<trigram_set> ascii_trigrams(std::string_view key);

/// The same, also accepting the non-ASCII characters in `separators`: characters the database said
/// are no part of a word (°, «, », €: its show_trgm of the character alone is empty), which pg_trgm
/// skips like a space whatever the locale. None for any other non-ASCII character or invalid UTF-8.
std::optional<trigram_set> trigrams(std::string_view key, std::unordered_set<char32_t> const& separators);

/// The non-ASCII characters of `key`, added to `out` (invalid UTF-8 adds nothing more).
void add_non_ascii(std::string_view key, std::unordered_set<char32_t>& out);

/// pg_trgm's similarity() of two texts, from their trigram sets.
float trigram_similarity(trigram_set const& a, trigram_set const& b);

}  // namespace baro::moderation
