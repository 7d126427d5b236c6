// pg_trgm's similarity() in baro for ASCII keys. The values here are pg_trgm's own (its documentation
// and show_trgm); tests/db/trigram_similarity_test.cpp compares with PostgreSQL on real sentences.
#include "moderation/rules/trigram_similarity.hpp"

#include <catch2/catch.hpp>

#include <unordered_set>

using namespace baro::moderation;

namespace {

std::uint32_t t(char const (&s)[4])
{
    return (std::uint32_t{static_cast<unsigned char>(s[0])} << 16) | (std::uint32_t{static_cast<unsigned char>(s[1])} << 8) |
           static_cast<unsigned char>(s[2]);
}

float similarity(std::string_view a, std::string_view b) { return trigram_similarity(*ascii_trigrams(a), *ascii_trigrams(b)); }

}  // namespace

TEST_CASE("a word's trigrams are pg_trgm's: two spaces before it, one after", "[trigram]")
{
    // show_trgm('cat') = {"  c"," ca","at ","cat"}
    CHECK(*ascii_trigrams("cat") == trigram_set{t("  c"), t(" ca"), t("at "), t("cat")});
    // one letter: "  a", " a "
    CHECK(*ascii_trigrams("a") == trigram_set{t("  a"), t(" a ")});
    // words are runs of letters and digits; anything else separates them; the set has no repeats
    CHECK(*ascii_trigrams("l'eau, l'eau") == *ascii_trigrams("l eau"));
    CHECK(ascii_trigrams("a1")->size() == 3);
    CHECK(ascii_trigrams("")->empty());
    CHECK(ascii_trigrams(" ' - ")->empty());
}

TEST_CASE("keys PostgreSQL's locale could read differently get no trigrams here", "[trigram]")
{
    CHECK_FALSE(ascii_trigrams("sœur"));  // œ: a letter in a UTF-8 locale, a separator in C
    CHECK_FALSE(ascii_trigrams("ߒߞߏ"));   // N'Ko
    CHECK_FALSE(ascii_trigrams("Idir"));  // a capital I lower-cases to ı in a Turkish locale
    CHECK(ascii_trigrams("idir"));
}

TEST_CASE("similarity is pg_trgm's, as a float4", "[trigram]")
{
    // pg_trgm's documentation: similarity('word', 'two words') = 0.36363637
    CHECK(similarity("word", "two words") == 4.0F / 11.0F);
    CHECK(similarity("word", "two words") == Approx(0.36363637));
    CHECK(similarity("same text", "same text") == 1.0F);
    CHECK(similarity("abc", "xyz") == 0.0F);
    // 0 when either has no trigram (pg_trgm's guard against 0/0)
    CHECK(similarity("", "") == 0.0F);
    CHECK(similarity("abc", " ") == 0.0F);
    // symmetric
    CHECK(similarity("an ka taa", "an") == similarity("an", "an ka taa"));
}

TEST_CASE("non-ASCII characters the database calls separators are skipped like spaces", "[trigram]")
{
    std::unordered_set<char32_t> const separators{U'°', U'«', U'»'};
    CHECK(*trigrams("« n° 12 »", separators) == *ascii_trigrams("n 12"));
    CHECK_FALSE(trigrams("« sœur »", separators));  // œ is not among them
    CHECK_FALSE(trigrams("n\xC2", separators));     // cut UTF-8
    // bytes that start no UTF-8 sequence, even when what follows looks like one
    std::unordered_set<char32_t> const anything{U'\x80FF', U'\xF1FF'};  // what a 3-byte reading would decode
    CHECK_FALSE(trigrams("n\xF8\x83\xBF", anything));
    CHECK_FALSE(trigrams("n\xFF\x87\xBF", anything));
    std::unordered_set<char32_t> seen;
    add_non_ascii("« n° 12 » sœur", seen);
    CHECK(seen == std::unordered_set<char32_t>{U'«', U'°', U'»', U'œ'});
}
