#include "text/language.hpp"

#include "text/display.hpp"
#include "text/function_words.hpp"
#include "corpus.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <sstream>

using namespace baro::text;

TEST_CASE("Bambara letters or N'Ko make a text Bambara", "[text]")
{
    CHECK(guess_language("I ni ce, i ka kɛnɛ wa?").language == "bm");
    CHECK(guess_language("ߌ ߣߌ߫ ߛߐ߮ߡߊ").language == "bm");
    CHECK(guess_language("ߌ ߣߌ߫ ߛߐ߮ߡߊ").script == "Nkoo");
    CHECK(guess_language("Tiɲɛ").script == "Latn");
}

TEST_CASE("function words decide when no Bambara letter is written", "[text]")
{
    CHECK(guess_language("an be baara kosebe, ne ka dugu kono").language == "bm");
    CHECK(guess_language("Les jeunes veulent du travail et la sécurité pour tous").language == "fr");
    CHECK(guess_language("slt vs allez bien? c pas facile pr nous").language == "fr");
    CHECK(guess_language("mali").language == "unknown");
    CHECK(guess_language("").language == "unknown");
    CHECK(guess_language("").script.empty());
    CHECK(guess_language("12 34 !!").script.empty());
}

TEST_CASE("words common to both languages do not vote", "[text]")
{
    CHECK(guess_language("a la ma ne se te ke kan sa si ni fo de").language == "unknown");
}

TEST_CASE("a text in both languages is mixed", "[text]")
{
    CHECK(guess_language("An bɛ baara kɛ Bamako, mais pour les jeunes c'est pas facile du tout").language == "mixed");
    CHECK(guess_language("an be taa sugu la, mais il faut que tout le monde vienne").language == "mixed");
}

namespace {

// Lines of at least 5 words of one side of the dev split: guess -> count.
std::map<std::string, int> confusion(char const* file, int& total)
{
    std::map<std::string, int> m;
    total = 0;
    for(auto const& line : test::corpus_lines(file))
    {
        auto const text = display_form(line).text;
        std::istringstream words(text);
        int n = 0;
        for(std::string w; words >> w;)
            ++n;
        if(n < 5)
            continue;
        ++total;
        ++m[guess_language(text).language];
    }
    return m;
}

}  // namespace

TEST_CASE("language guess quality on the dev split meets the issue's thresholds", "[text][corpus][quality]")
{
    int bm_total = 0;
    int fr_total = 0;
    auto bm = confusion("dev.bam", bm_total);
    auto fr = confusion("dev.fr", fr_total);
    REQUIRE(bm_total > 4000);
    REQUIRE(fr_total > 4000);
    std::cout << "language confusion, dev split, lines of 5+ words\n";
    for(auto const& [name, m, total] : {std::tuple{"bm", &bm, bm_total}, std::tuple{"fr", &fr, fr_total}})
    {
        std::cout << name << " lines (" << total << "):";
        for(char const* g : {"bm", "fr", "mixed", "unknown"})
            std::cout << ' ' << g << '=' << (*m)[g] << " (" << 100.0 * (*m)[g] / total << "%)";
        std::cout << '\n';
    }
    CHECK(bm["bm"] >= 0.97 * bm_total);
    CHECK(fr["fr"] >= 0.97 * fr_total);
    CHECK(bm["fr"] < 0.01 * bm_total);
    CHECK(fr["bm"] < 0.01 * fr_total);
}

TEST_CASE("the function-word hash finds every listed word and nothing else", "[text]")
{
    using detail::function_word;
    using detail::word_language;
    // First, middle and last of each list, every length from 1 to 8, clitics.
    for(auto w : {"ai", "y", "vous", "puisqu'", "beaucoup", "c'", "pourquoi", "etaient"})
        CHECK(function_word(w) == word_language::french);
    for(auto w : {"ale", "yoro", "b'", "i", "u", "nyogon", "katugu", "walasa", "kosebe"})
        CHECK(function_word(w) == word_language::bambara);
    for(auto w : {"a", "te", "m'", "n'", "son", "kan"})
        CHECK(function_word(w) == word_language::both);
    for(auto w : {"", "lakana", "vouss", "vou", "beaucoupp", "ecole", "A", "LE"})
        CHECK(function_word(w) == word_language::none);
    CHECK(function_word(std::string_view("a\0", 2)) == word_language::none);
}
