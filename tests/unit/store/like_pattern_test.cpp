#include "store/search.hpp"

#include <catch2/catch.hpp>

using baro::store::like_pattern;

TEST_CASE("a search key becomes a LIKE pattern of its words in order, LIKE's characters escaped", "[store][search]")
{
    CHECK(like_pattern("kono") == "%kono%");
    CHECK(like_pattern("kono  jamana") == "%kono%jamana%");
    CHECK(like_pattern(" kono ") == "%kono%");
    CHECK(like_pattern("100%_a\\b") == "%100\\%\\_a\\\\b%");
    CHECK(like_pattern("") == "%");
}
