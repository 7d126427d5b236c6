#include "core/round_pacing.hpp"

#include <catch2/catch.hpp>

using namespace baro::core;
using std::chrono::milliseconds;

TEST_CASE("a stage rests so that its next round holds about its target", "[pacing]")
{
    round_pacing const p{5000, 1000, milliseconds(100), milliseconds(300)};
    milliseconds const fresh(0);  // nothing left waiting

    SECTION("a full round is followed at once by the next")
    {
        CHECK(rest_after_round(p, 5000, milliseconds(900), milliseconds(1000), milliseconds(800)) == milliseconds(0));
    }
    SECTION("nothing to do: the longest rest the lag budget allows")
    {
        CHECK(rest_after_round(p, 0, milliseconds(1), milliseconds(400), fresh) == milliseconds(300));
    }
    SECTION("at 5,000 rows a second, 1,000 rows arrive in 200 ms, of which the round took 40")
    {
        CHECK(rest_after_round(p, 500, milliseconds(40), milliseconds(100), milliseconds(40)) == milliseconds(160));
    }
    SECTION("a slow stream: no more than the lag budget leaves")
    {
        CHECK(rest_after_round(p, 146, milliseconds(46), milliseconds(146), milliseconds(46)) == milliseconds(254));
    }
    SECTION("a fast stream whose round took long: no less than the shortest")
    {
        CHECK(rest_after_round(p, 1361, milliseconds(234), milliseconds(334), milliseconds(234)) == milliseconds(100));
    }
    SECTION("work already old: the shortest rest, whatever the round held")
    {
        CHECK(rest_after_round(p, 200, milliseconds(20), milliseconds(120), milliseconds(500)) == milliseconds(100));
    }
    SECTION("a larger budget allows a longer rest, up to what the target needs")
    {
        round_pacing const loose{5000, 1000, milliseconds(100), milliseconds(2000)};
        CHECK(rest_after_round(loose, 146, milliseconds(46), milliseconds(146), fresh) == milliseconds(954));
    }
}
