#include "moderation/rules/near_duplicate.hpp"
#include "text/search_key.hpp"
#include "../text/corpus.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace baro::moderation;
using baro::text::search_key;

namespace {

bool share_a_band(std::vector<std::int64_t> const& a, std::vector<std::int64_t> const& b)
{
    return std::any_of(a.begin(), a.end(), [&](auto x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

}  // namespace

TEST_CASE("a campaign text with a name or a greeting changed shares a band with the original", "[moderation][duplicates]")
{
    auto const original = search_key("Nous demandons que la transition rende le pouvoir aux civils avant la fin de l'année, "
                                     "que les élections soient libres et que la justice poursuive les auteurs des violences.");
    auto const edited =
        search_key("Bonjour, nous demandons que la transition rende le pouvoir aux civils avant la fin de l'année, "
                   "que les élections soient libres et que la justice poursuive les auteurs des violences. Moussa");
    auto const bambara = search_key("An b'a fɛ jamana ka kɛ kelen ye, sɔrɔdasiw ka segin u ka barakɛyɔrɔw la.");
    auto const bambara_edited = search_key("An b'a fɛ jamana ka kɛ kelen ye, sɔrɔdasiw ka segin u ka barakɛyɔrɔw la!!");
    CHECK(share_a_band(similarity_bands(original, 1), similarity_bands(edited, 1)));
    CHECK(share_a_band(similarity_bands(bambara, 1), similarity_bands(bambara_edited, 1)));
    CHECK(similarity_bands(original, 1).size() == near_duplicate_bands);
}

TEST_CASE("texts of different consultations never share a band", "[moderation][duplicates]")
{
    auto const key = search_key("Nous voulons la paix et la sécurité dans le centre du pays.");
    CHECK_FALSE(share_a_band(similarity_bands(key, 1), similarity_bands(key, 2)));
    CHECK(similarity_bands(key, 0) == similarity_bands(key, 0));
}

TEST_CASE("a key without words has no bands; one word is enough", "[moderation][duplicates]")
{
    CHECK(similarity_bands("", 1).empty());
    CHECK(similarity_bands("   ", 1).empty());
    CHECK(similarity_bands("jama", 1).size() == near_duplicate_bands);
}

TEST_CASE("the bands are stable: they are stored in the database", "[moderation][duplicates]")
{
    // Pinned on the first build: a change here regroups every stored contribution differently.
    auto const bands = similarity_bands("an ka jamana", 7);
    REQUIRE(bands.size() == 8);
    CHECK(bands == similarity_bands("an  ka jamana ", 7));  // spacing does not matter
    static std::vector<std::int64_t> const pinned = {1766612786811568882LL,  6241458041531724419LL,  -8473859444830980301LL,
                                                     -2914956681151848679LL, -5321575031998323803LL, -7441943578358144679LL,
                                                     7578616168419377851LL,  -4444892773455690648LL};
    CHECK(bands == pinned);
}

TEST_CASE("unrelated sentences of the real corpus almost never share a band", "[moderation][duplicates]")
{
    for(auto const* file : {"dev.fr", "dev.bam"})
    {
        auto const lines = baro::text::test::corpus_lines(file);
        REQUIRE(lines.size() > 400);
        std::vector<std::vector<std::int64_t>> bands;
        for(std::size_t i = 0; i < 400; ++i)
            bands.push_back(similarity_bands(search_key(lines[i]), 1));
        int pairs = 0, shared = 0;
        for(std::size_t i = 0; i < bands.size(); ++i)
            for(std::size_t j = i + 1; j < bands.size(); ++j)
            {
                ++pairs;
                if(lines[i] != lines[j] && share_a_band(bands[i], bands[j]))
                    ++shared;
            }
        INFO(file << ": " << shared << " of " << pairs << " pairs share a band");
        CHECK(shared * 1000 < pairs);  // under 0.1%: candidates stay few, the trigram check does the rest
    }
}
