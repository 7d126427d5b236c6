#pragma once
// Indexes contributions for search (sql/029_search_after_commit.sql) on a thread and connection of its
// own, shortly after they are committed: the trigram GIN index is maintained in large batches here,
// never inside the group-commit writer's transaction that acknowledges a citizen.
#include "core/result.hpp"
#include "store/round_worker.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace baro::store {

/// Indexes up to `batch` pending contributions (rows of search_pending), lowest id first, in one
/// transaction: copies their search key into contribution_search and deletes their pending rows.
/// Several nodes may run it at once (SKIP LOCKED: each takes other rows). Returns rows taken.
result<int> index_pending(std::string const& url, int batch = 5000);

/// The statement of one index_pending() round ($1: the most rows to take), for tests of its plan.
char const* index_round_sql();

/// Seconds since the oldest pending row was queued; 0 when nothing waits.
result<double> search_lag_seconds(std::string const& url);

/// Runs index_pending() in a loop on `workers` threads, each with its own connection: a full batch is
/// followed at once by the next, otherwise a worker rests between `idle` and three times `idle`, so
/// that the next batch holds about a thousand rows at the rate the last one saw (core/round_pacing:
/// small rounds cost the database more a row), and never so long that the lag passes
/// 3 × `idle`; at the maximum rate, where rounds take long, it rests `idle` as before. Two workers, because one of them now and then merges the trigram GIN
/// index's pending list into the index (PostgreSQL does that in the inserting transaction once the
/// list passes gin_pending_list_limit), which under load is the likeliest cause of the lag's spikes
/// (not measured alone); meanwhile the other keeps indexing what arrives (SKIP LOCKED: each takes
/// other rows). With two, search lag p99 at the maximum rate fell from 1.06 to 0.53–0.81 s (web form)
/// and from 2.05 to 0.94–1.59 s (Twilio), docs/performance.md.
class search_indexer
{
public:
    explicit search_indexer(std::string url, std::chrono::milliseconds idle = std::chrono::milliseconds(100),
                            unsigned workers = 2);
    ~search_indexer();
    search_indexer(search_indexer const&) = delete;
    search_indexer& operator=(search_indexer const&) = delete;

    void stop() { worker_.stop(); }
    std::uint64_t indexed() const { return indexed_; }          ///< rows this node indexed
    double lag_seconds() const { return lag_seconds_.load(); }  ///< as of the last round
    std::uint64_t vacuums() const { return vacuums_; }          ///< times this node vacuumed search_pending

private:
    round_worker::round make_round();

    std::chrono::milliseconds idle_;
    std::atomic<std::uint64_t> indexed_{0};
    std::atomic<double> lag_seconds_{0};
    std::atomic<std::uint64_t> since_vacuum_{0}, vacuums_{0};
    round_worker worker_;  // last: its threads start once the members above exist
};

}  // namespace baro::store
