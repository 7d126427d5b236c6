#include "text/tokens.hpp"

#include "corpus.hpp"

#include <catch2/catch.hpp>

using namespace baro::text;
using kind = token::kind;

namespace {

std::vector<std::string> keys(std::string_view text)
{
    std::vector<std::string> out;
    for(auto const& t : tokenize(text))
        out.push_back(t.key);
    return out;
}

kind kind_of(std::string_view text, std::string const& key)
{
    for(auto const& t : tokenize(text))
        if(t.key == key)
            return t.type;
    FAIL("no token " << key);
    return kind::word;
}

}  // namespace

TEST_CASE("tokens are search keys at ICU word boundaries", "[text]")
{
    using v = std::vector<std::string>;
    CHECK(keys("Ala ka hɛɛrɛ di an ma!") == v{"ala", "ka", "heere", "di", "an", "ma"});
    CHECK(keys("") == v{});
    CHECK(keys("... 🙏🏾 !!") == v{});
}

TEST_CASE("French elided clitics split off as stopwords; aujourd'hui stays whole", "[text]")
{
    using v = std::vector<std::string>;
    CHECK(keys("l'école") == v{"l'", "ecole"});
    CHECK(keys("jusqu’à qu'il") == v{"jusqu'", "a", "qu'", "il"});
    CHECK(keys("lorsqu'on puisqu'elle") == v{"lorsqu'", "on", "puisqu'", "elle"});
    CHECK(keys("Aujourd’hui") == v{"aujourd'hui"});
    CHECK(kind_of("l'école", "l'") == kind::stopword);
    CHECK(kind_of("l'école", "ecole") == kind::word);
    CHECK(kind_of("aujourd'hui", "aujourd'hui") == kind::word);
}

TEST_CASE("Bambara elided clitics split off as stopwords", "[text]")
{
    using v = std::vector<std::string>;
    // dev.bam line 4696 style: b'a, k'a, y'a, t'a, n'a, m'a.
    CHECK(keys("b'a fɔ k'a ta y'a ye t'a fɛ n'a ma m'a dɔn") ==
          v{"b'", "a", "fo", "k'", "a", "ta", "y'", "a", "ye", "t'", "a", "fe", "n'", "a", "ma", "m'", "a", "don"});
    for(auto const& t : tokenize("b'a k'a y'a"))
        CHECK(t.type == kind::stopword);
}

TEST_CASE("URLs are kept whole and hashtags become tag tokens", "[text]")
{
    auto const t = tokenize("Voir https://baro.ml/c/matransition?x=1, et #MaTransition #sécurité #lakana.");
    REQUIRE(t.size() == 6);
    CHECK(t[0].key == "voir");
    CHECK(t[1].type == kind::url);
    CHECK(t[1].key == "https://baro.ml/c/matransition?x=1");
    CHECK(t[2].type == kind::stopword);
    CHECK(t[3].type == kind::hashtag);
    CHECK(t[3].key == "matransition");
    CHECK(t[4].key == "securite");
    CHECK(t[5].key == "lakana");
    CHECK(tokenize("www.example.org")[0].type == kind::url);
    CHECK(tokenize("x#yz")[1].type == kind::word);  // a # glued to a word starts no hashtag
}

TEST_CASE("every corpus line tokenizes into non-empty keys", "[text][corpus]")
{
    for(char const* f : {"dev.bam", "dev.fr"})
        for(auto const& l : test::corpus_lines(f))
            for(auto const& t : tokenize(l))
                if(t.key.empty())
                    FAIL_CHECK(l);
}
