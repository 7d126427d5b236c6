#include "core/round_pacing.hpp"

#include <catch2/catch.hpp>

using namespace baro::core;
using std::chrono::milliseconds;

TEST_CASE("a stage rests so that its next round holds about its target", "[pacing]")
{
    round_pacing const p{5000, 1000, milliseconds(100), milliseconds(400)};

    SECTION("a full round is followed at once by the next")
    {
        CHECK(rest_after_round(p, 5000, milliseconds(900), milliseconds(1000)) == milliseconds(0));
    }
    SECTION("nothing to do: the longest rest")
    {
        CHECK(rest_after_round(p, 0, milliseconds(1), milliseconds(400)) == milliseconds(400));
    }
    SECTION("at 5,000 rows a second, 1,000 rows arrive in 200 ms, of which the round took 40")
    {
        CHECK(rest_after_round(p, 500, milliseconds(40), milliseconds(100)) == milliseconds(160));
    }
    SECTION("a slow stream: no more than the longest, so the lag stays bounded")
    {
        CHECK(rest_after_round(p, 146, milliseconds(46), milliseconds(146)) == milliseconds(400));
    }
    SECTION("a fast stream whose round took long: no less than the shortest")
    {
        CHECK(rest_after_round(p, 1361, milliseconds(234), milliseconds(334)) == milliseconds(100));
    }
}
