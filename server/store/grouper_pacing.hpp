#pragma once
// How the duplicate grouper paces its rounds (store/duplicate_grouper), as a pure rule: how many
// contributions the next round takes and how long the grouper rests after a round. Citizens first:
// the grouper gives the CPU back while the writer falls behind, and otherwise keeps its lag short:
// below the writer's maximum, once its lag reaches half a second it takes full rounds without rest
// until it is back under (at a steady 5,000 signed webhooks/s, yielding whenever a row waited left
// the grouping 8 s behind, docs/performance.md). At the maximum it still yields: the acknowledgements
// come first, and the grouping catches up after the burst.
#include <chrono>
#include <cstddef>

namespace baro::store {

/// Rows waiting for the writer at which it is falling behind: at its maximum rate its batches hold
/// ~100 rows and about as many wait while one commits; at 5,000 messages/s they hold ~10.
constexpr std::size_t writer_behind_rows = 64;
constexpr int grouper_round_rows = 2000;        ///< a round when the writer has nothing waiting
constexpr int grouper_busy_round_rows = 500;    ///< ... when it has (bursts of tens of milliseconds)

/// The grouping lag (seconds) from which the grouper no longer yields to a writer that keeps up: half
/// the bound of a second, so that the rounds that catch up (tens to hundreds of milliseconds) land
/// within it.
constexpr double grouper_catch_up_lag = 0.5;

/// Rows the next round takes, given the rows waiting for the writer and the grouping lag.
constexpr int grouper_round_size(std::size_t writer_waiting, double lag_seconds)
{
    if(writer_waiting >= writer_behind_rows)
        return grouper_busy_round_rows;
    return writer_waiting > 0 && lag_seconds < grouper_catch_up_lag ? grouper_busy_round_rows : grouper_round_rows;
}

/// The rest after a round that took `took` and grouped `done` of the `asked` rows, given the rows
/// waiting for the writer and the grouping lag now. While the writer falls behind, twice the round
/// (at most a third of a core for the grouper, so that the acknowledgements do not wait behind it).
/// While it keeps up with a few rows waiting, as long as the round (half a core at most, in bursts
/// short enough for the acknowledgements' p99), unless the grouping lag has reached
/// grouper_catch_up_lag: then no rest after a full round. With nothing waiting, a full round means
/// more is to group and the next follows at once, and a partial one rests `idle`, so that the next
/// round is a large one. A round that grouped nothing rests `idle`.
constexpr std::chrono::milliseconds grouper_rest(std::size_t writer_waiting, double lag_seconds, int done, int asked,
                                                 std::chrono::milliseconds took, std::chrono::milliseconds idle)
{
    if(done > 0 && writer_waiting >= writer_behind_rows)
        return 2 * took;
    if(done > 0 && writer_waiting > 0 && lag_seconds < grouper_catch_up_lag)
        return took;
    return done >= asked ? std::chrono::milliseconds(0) : idle;
}

}  // namespace baro::store
