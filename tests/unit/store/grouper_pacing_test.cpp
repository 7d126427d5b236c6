#include "store/grouper_pacing.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using baro::store::grouper_rest;
using baro::store::grouper_round_size;

TEST_CASE("the grouper takes large rounds while the writer has nothing waiting, small ones otherwise", "[store]")
{
    CHECK(grouper_round_size(0) == 2000);
    CHECK(grouper_round_size(1) == 500);
    CHECK(grouper_round_size(5000) == 500);
}

TEST_CASE("the grouper yields more the further the writer falls behind", "[store]")
{
    // The writer is behind (a broadcast at its maximum): rest twice the round, full or not.
    CHECK(grouper_rest(64, 500, 500, 30ms, 200ms) == 60ms);
    CHECK(grouper_rest(400, 120, 500, 10ms, 200ms) == 20ms);
    // The writer keeps up with a few rows waiting between its commits (as at 5,000 messages/s): rest
    // as long as the round, half a core at most, so that the grouping lag stays short.
    CHECK(grouper_rest(10, 500, 500, 30ms, 200ms) == 30ms);
    CHECK(grouper_rest(63, 500, 500, 30ms, 200ms) == 30ms);
    CHECK(grouper_rest(1, 120, 500, 10ms, 200ms) == 10ms);
    // Nothing waits for the writer: a full round is followed by the next at once; a partial one
    // means the backlog is gone: rest so that the next round is a large one.
    CHECK(grouper_rest(0, 2000, 2000, 120ms, 200ms) == 0ms);
    CHECK(grouper_rest(0, 120, 2000, 10ms, 200ms) == 200ms);
    CHECK(grouper_rest(0, 0, 2000, 1ms, 200ms) == 200ms);
    // Nothing grouped while the writer is busy: nothing to yield for, the usual rest.
    CHECK(grouper_rest(1000, 0, 500, 1ms, 200ms) == 200ms);
    CHECK(grouper_rest(10, 0, 500, 1ms, 200ms) == 200ms);
}
