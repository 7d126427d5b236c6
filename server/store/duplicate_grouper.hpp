#pragma once
// Puts each new contribution into its duplicate group (sql/009_duplicate_groups.sql), on a thread and
// connection of its own, shortly after the contribution is committed. Off the ingest path: the
// group-commit writer never waits for it, and a citizen's 2xx never depends on it.
#include "core/result.hpp"
#include "store/round_worker.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace baro::store {

/// Groups up to `batch` ungrouped contributions, oldest first, in one transaction and a few set-based
/// statements: with an earlier contribution of the same consultation that has the same search key, else
/// with the most similar near-duplicate candidate (shared MinHash band, then pg_trgm similarity ≥ 0.6),
/// else alone (the rule in full: moderation/rules/group_assignment.hpp). Several nodes may run it: an
/// advisory lock lets one at a time work. `full_sweep` also looks far back (stragglers committed late);
/// otherwise only near the newest grouped id. First, in up to half the round, the contributions
/// queued by sql/039's trigger (their text or consultation changed), wherever their id. Returns rows grouped.
result<int> group_pending(std::string const& url, int batch = 500, bool full_sweep = false);

/// The statements that read rule 1's answers ($1 ids, $2 consultations or 0, $3 search keys) and rule
/// 2's candidates ($1 band positions, $2 bands, $3 how many a band), run with bitmap scans off; here
/// for their plan tests (tests/db/grouper_test.cpp).
char const* grouper_exact_sql();
std::string const& grouper_candidates_sql();

/// Runs group_pending() in a loop on its own thread, paced by store/grouper_pacing from the rows
/// `writer_waiting()` says wait for the writer: rounds of up to 2,000 contributions (500 while rows
/// wait), a full round followed at once by the next, a partial one by a rest of `idle` (the grouping
/// lag stays near `idle` plus a round). Citizens come first: while rows wait, the grouper rests as
/// long as each round took, and twice as long while the writer falls behind; but while the writer
/// keeps up, a grouping lag of half a second or more is caught up without rest. On 2 cores the
/// stages after the commit cannot all keep up with the writer's maximum rate; at that rate the
/// grouping lag grows for the length of the burst and drains after it (docs/performance.md).
class duplicate_grouper
{
public:
    explicit duplicate_grouper(
        std::string url, std::function<std::size_t()> writer_waiting = [] { return std::size_t{0}; },
        std::chrono::milliseconds idle = std::chrono::milliseconds(200));
    ~duplicate_grouper();
    duplicate_grouper(duplicate_grouper const&) = delete;
    duplicate_grouper& operator=(duplicate_grouper const&) = delete;

    void stop() { worker_.stop(); }
    std::uint64_t grouped() const { return grouped_; }
    double lag_seconds() const { return lag_seconds_.load(); }  ///< age of the first ungrouped row by id, as of the last round

private:
    round_worker::round make_round();

    std::function<std::size_t()> writer_waiting_;
    std::chrono::milliseconds idle_;
    std::atomic<std::uint64_t> grouped_{0};
    std::atomic<double> lag_seconds_{0};
    round_worker worker_;  // last: its thread starts once the members above exist
};

}  // namespace baro::store
