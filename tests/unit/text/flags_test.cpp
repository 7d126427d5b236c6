#include "text/spoof.hpp"

#include "corpus.hpp"

#include <catch2/catch.hpp>

using namespace baro::text;
using v = std::vector<std::string>;

TEST_CASE("a word mixing Latin with Cyrillic or Greek is flagged", "[text][flags]")
{
    CHECK(text_flags("Вamako") == v{"mixed_script"});     // Cyrillic В
    CHECK(text_flags("la pοlice") == v{"mixed_script"});  // Greek ο
    CHECK(text_flags("Bamako") == v{});
    CHECK(text_flags("Москва и Bamako") == v{});  // whole words in each script are fine
    CHECK(text_flags("ߓߡߊ߬ߞߐ߬ Bamako") == v{});
    CHECK(text_flags("") == v{});
}

TEST_CASE("no corpus line is flagged", "[text][flags][corpus]")
{
    for(char const* f : {"dev.bam", "dev.fr"})
        for(auto const& l : test::corpus_lines(f))
            if(! text_flags(l).empty())
                FAIL_CHECK(l);
}
