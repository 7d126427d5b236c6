#pragma once
// How the duplicate grouper paces its rounds (store/duplicate_grouper), as a pure rule: how many
// contributions the next round takes and how long the grouper rests after a round. Citizens first:
// the grouper gives the CPU back while the writer falls behind, and otherwise keeps its lag short.
#include <chrono>
#include <cstddef>

namespace baro::store {

/// Rows waiting for the writer at which it is falling behind: at its maximum rate its batches hold
/// ~100 rows and about as many wait while one commits; at 5,000 messages/s they hold ~10.
constexpr std::size_t writer_behind_rows = 64;
constexpr int grouper_round_rows = 2000;        ///< a round when the writer has nothing waiting
constexpr int grouper_busy_round_rows = 500;    ///< ... when it has (bursts of tens of milliseconds)

/// Rows the next round takes, given the rows waiting for the writer.
constexpr int grouper_round_size(std::size_t writer_waiting)
{
    return writer_waiting > 0 ? grouper_busy_round_rows : grouper_round_rows;
}

/// The rest after a round that took `took` and grouped `done` of the `asked` rows, given the rows
/// waiting for the writer now. While the writer falls behind, twice the round (at most a third of a
/// core for the grouper, so that the acknowledgements do not wait behind it); while it keeps up with
/// a few rows waiting, as long as the round (half a core at most: enough to follow a steady 5,000
/// messages/s, in bursts short enough for their p99). With nothing waiting, a full round means
/// more is to group and the next follows at once, and a partial one rests `idle`, so that the next
/// round is a large one. A round that grouped nothing rests `idle`.
constexpr std::chrono::milliseconds grouper_rest(std::size_t writer_waiting, int done, int asked,
                                                 std::chrono::milliseconds took, std::chrono::milliseconds idle)
{
    if(done > 0 && writer_waiting >= writer_behind_rows)
        return 2 * took;
    if(done > 0 && writer_waiting > 0)
        return took;
    return done >= asked ? std::chrono::milliseconds(0) : idle;
}

}  // namespace baro::store
