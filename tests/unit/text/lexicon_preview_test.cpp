#include "text/lexicon_preview.hpp"

#include <catch2/catch.hpp>

using namespace baro::text;

TEST_CASE("the lexicon preview names the texts each keyword matches, as theme suggestion would", "[text][admin]")
{
    std::vector<std::string> const texts{"Il faut des écoles à Kayes.", "An mago bɛ ji la.", "Les forages sont en panne, pas d'eau.",
                                         "Kalanso kura dɔ jɔ."};
    auto const hits = preview_keywords(texts, {"école", "eau"}, {"ji", "kalanso"});
    REQUIRE(hits.size() == 4);
    CHECK(hits[0].keyword == "école");
    CHECK(hits[0].language == "fr");
    CHECK(hits[0].texts == std::vector<std::size_t>{0});  // by stem: écoles
    CHECK(hits[1].texts == std::vector<std::size_t>{2});
    CHECK(hits[2].language == "bm");
    CHECK(hits[2].texts == std::vector<std::size_t>{1});
    CHECK(hits[3].texts == std::vector<std::size_t>{3});
}

TEST_CASE("a lexicon preview without keywords matches nothing", "[text][admin]")
{
    CHECK(preview_keywords({"x"}, {}, {}).empty());
}
