#include "text/themes.hpp"

#include "text/analyze.hpp"
#include "corpus.hpp"

#include <catch2/catch.hpp>

using namespace baro::text;
using v = std::vector<std::string>;

namespace {

// A subset of sql/seed/lexicons.json (the demo consultation).
std::vector<theme_lexicon> const demo = {
    {"securite", {"sécurité", "armée", "paix"}, {"lakana", "kɛlɛ", "kɛlɛcɛ", "hɛra"}},
    {"education", {"éducation", "école", "enseignant"}, {"kalan", "lakɔli", "karamɔgɔ"}},
    {"sante", {"santé", "hôpital", "maladie"}, {"kɛnɛya", "bana", "dɔgɔtɔrɔ"}},
    {"agriculture", {"agriculture", "eau", "pluie"}, {"sɛnɛ", "ji", "sanji", "ɲɔ"}},
};

v themes_of(std::string_view text) { return suggest_themes(tokenize(text), demo); }

}  // namespace

TEST_CASE("French keywords match by stem, whatever the accents and case", "[text][themes]")
{
    CHECK(themes_of("L'INSÉCURITÉ au nord") == v{});  // stems match from the start of the word
    CHECK(themes_of("la securite des ecoles") == v{"securite", "education"});
    CHECK(themes_of("Les armées et la sécurité") == v{"securite"});
    CHECK(themes_of("l'eau potable") == v{"agriculture"});
    CHECK(themes_of("les eaux") == v{"agriculture"});
    CHECK(themes_of("un eaubus") == v{});  // short keywords match whole
}

TEST_CASE("Bambara keywords match in any spelling, plurals and compounds", "[text][themes]")
{
    CHECK(themes_of("an ka kɛnɛya") == v{"sante"});
    CHECK(themes_of("an ka kenya") == v{});
    CHECK(themes_of("kalanso ka jan") == v{"education"});  // kalan + so
    CHECK(themes_of("lakoliw ma bon") == v{"education"});
    CHECK(themes_of("KƐLƐW ka ca") == v{"securite"});
    CHECK(themes_of("kelen") == v{});  // kɛlɛ is not a prefix of kelen
    CHECK(themes_of("jiw ni nyo") == v{"agriculture"});
    CHECK(themes_of("jigi") == v{});
}

TEST_CASE("hashtags match themes too", "[text][themes]")
{
    CHECK(themes_of("#sécurité") == v{"securite"});
    CHECK(themes_of("#lakana #MaTransition") == v{"securite"});
    CHECK(themes_of("#SantéPourTous") == v{"sante"});
}

TEST_CASE("themes come back in theme order, each once", "[text][themes]")
{
    CHECK(themes_of("sanji, bana ani lakana, bana, bana") == v{"securite", "sante", "agriculture"});
    CHECK(suggest_themes(tokenize("lakana"), {}) == v{});
    CHECK(suggest_themes({}, demo) == v{});
}

TEST_CASE("a compiled matcher gives the same answer as suggest_themes", "[text][themes]")
{
    theme_matcher const m(demo);
    for(auto const& line : test::corpus_lines("dev.bam"))
    {
        auto const t = tokenize(line);
        if(m.match(t) != suggest_themes(t, demo))
            FAIL_CHECK(line);
    }
}

TEST_CASE("real corpus lines about health get the health theme in both languages", "[text][themes][corpus]")
{
    // Parallel lines of the dev split whose French side says "maladie" or "santé".
    auto const bam = test::corpus_lines("dev.bam");
    auto const fr = test::corpus_lines("dev.fr");
    theme_matcher const m(demo);
    int french = 0;
    int both = 0;
    for(std::size_t i = 0; i < fr.size() && i < bam.size(); ++i)
    {
        auto const t = m.match(tokenize(fr[i]));
        if(std::find(t.begin(), t.end(), "sante") == t.end())
            continue;
        ++french;
        auto const b = m.match(tokenize(bam[i]));
        both += std::find(b.begin(), b.end(), "sante") != b.end();
    }
    REQUIRE(french > 20);
    CHECK(both >= french / 2);
}

TEST_CASE("French stems drop a final s, x and e", "[text][themes]")
{
    CHECK(french_stem("Sécurité") == "securit");
    CHECK(french_stem("élections") == "election");
    CHECK(french_stem("eau") == "eau");
}
