#include "store/grouper_pacing.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using baro::store::grouper_rest;
using baro::store::grouper_round_size;

TEST_CASE("the grouper takes large rounds while the writer has nothing waiting, small ones otherwise", "[store]")
{
    CHECK(grouper_round_size(0, 0.1) == 2000);
    CHECK(grouper_round_size(1, 0.1) == 500);
    CHECK(grouper_round_size(5000, 0.1) == 500);
}

TEST_CASE("the grouper yields more the further the writer falls behind", "[store]")
{
    // The writer is behind (a broadcast at its maximum): rest twice the round, full or not.
    CHECK(grouper_rest(64, 0.1, 500, 500, 30ms, 200ms) == 60ms);
    CHECK(grouper_rest(400, 0.1, 120, 500, 10ms, 200ms) == 20ms);
    // The writer keeps up with a few rows waiting between its commits (as at 5,000 messages/s): rest
    // as long as the round, half a core at most, so that the grouping lag stays short.
    CHECK(grouper_rest(10, 0.1, 500, 500, 30ms, 200ms) == 30ms);
    CHECK(grouper_rest(63, 0.1, 500, 500, 30ms, 200ms) == 30ms);
    CHECK(grouper_rest(1, 0.1, 120, 500, 10ms, 200ms) == 10ms);
    // Nothing waits for the writer: a full round is followed by the next at once; a partial one
    // means the backlog is gone: rest so that the next round is a large one.
    CHECK(grouper_rest(0, 0.1, 2000, 2000, 120ms, 200ms) == 0ms);
    CHECK(grouper_rest(0, 0.1, 120, 2000, 10ms, 200ms) == 200ms);
    CHECK(grouper_rest(0, 0.1, 0, 2000, 1ms, 200ms) == 200ms);
    // Nothing grouped while the writer is busy: nothing to yield for, the usual rest.
    CHECK(grouper_rest(1000, 0.1, 0, 500, 1ms, 200ms) == 200ms);
    CHECK(grouper_rest(10, 0.1, 0, 500, 1ms, 200ms) == 200ms);
}

TEST_CASE("below the writer's maximum, the grouper stops yielding once its lag reaches half a second", "[store]")
{
    // A few rows wait for the writer (it keeps up) and the grouping is half a second behind or more:
    // full rounds, no rest after a full one.
    CHECK(grouper_round_size(1, 0.5) == 2000);
    CHECK(grouper_round_size(63, 3.0) == 2000);
    CHECK(grouper_rest(10, 0.5, 2000, 2000, 120ms, 200ms) == 0ms);
    CHECK(grouper_rest(63, 7.2, 2000, 2000, 120ms, 200ms) == 0ms);
    // A partial round caught up: the usual rest before a large round.
    CHECK(grouper_rest(10, 0.9, 300, 2000, 20ms, 200ms) == 200ms);
    // Just under the bound, the writer's rule as before.
    CHECK(grouper_rest(10, 0.49, 500, 500, 30ms, 200ms) == 30ms);
    CHECK(grouper_round_size(1, 0.49) == 500);
    // The writer falling behind (its maximum): citizens first, however far behind the grouping is.
    CHECK(grouper_round_size(64, 5.0) == 500);
    CHECK(grouper_rest(64, 5.0, 500, 500, 30ms, 200ms) == 60ms);
    CHECK(grouper_rest(400, 16.0, 120, 500, 10ms, 200ms) == 20ms);
}
