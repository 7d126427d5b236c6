#pragma once
// How long a background stage that works in rounds (the search indexer) rests between them. A round
// costs PostgreSQL less per row the more rows it takes: the search indexer's trigram GIN insert cost
// 319 µs a row in rounds of 146 rows and 172 µs in rounds of 1,361 (docs/performance.md, issue 17),
// so at moderate rates a stage that rests a fixed 100 ms spends the CPU the acknowledgements need.
// Most of that gap was the indexer's own plan, fixed since (a round read the contribution table from
// its start): in psql a round of 200 rows now costs 67 µs a row against 58 in rounds of 1,000.
// The rest grows so that the next round holds about `target` rows at the rate the last one saw,
// at least `shortest`, and never so long that the stage's lag passes `lag_budget` (so at most that
// long): at the maximum rate, where rounds take long and the lag is what users see, the stage rests
// as little as before.
#include <chrono>

namespace baro::core {

struct round_pacing
{
    int full;                              ///< the most rows a round takes: after a full one, no rest
    int target;                            ///< rows a round should hold when the stage keeps up
    std::chrono::milliseconds shortest;    ///< the least rest after a round that was not full
    std::chrono::milliseconds lag_budget;  ///< a rest stops where the lag would pass this (also after an empty round)
};

/// The rest after a round that took `done` rows in `took`, `cycle` after the previous round began
/// (so the rows it took arrived over about `cycle`), leaving work `lag` old. Pure.
std::chrono::milliseconds rest_after_round(round_pacing const& p, int done, std::chrono::milliseconds took,
                                           std::chrono::milliseconds cycle, std::chrono::milliseconds lag);

}  // namespace baro::core
