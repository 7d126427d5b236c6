#pragma once
// Puts each new contribution into its duplicate group (sql/009_duplicate_groups.sql), on a thread and
// connection of its own, shortly after the contribution is committed. Off the ingest path: the
// group-commit writer never waits for it, and a citizen's 2xx never depends on it.
#include "core/result.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace baro::store {

/// Groups up to `batch` ungrouped contributions, oldest first, in one transaction: with an earlier
/// contribution of the same consultation that has the same search key, else with the most similar
/// near-duplicate candidate (shared MinHash band, then pg_trgm similarity ≥ 0.6), else alone. Several
/// nodes may run it: an advisory lock lets one at a time work. `full_sweep` also looks far back
/// (stragglers committed late); otherwise only near the newest grouped id. Returns rows grouped.
result<int> group_pending(std::string const& url, int batch = 500, bool full_sweep = false);

/// Runs group_pending() in a loop on its own thread. It yields to ingest: after a batch it rests as
/// long as the batch took, four times as long while `busy()` says rows are waiting to be written
/// (on 2 cores a burst of citizens' messages comes first; their groups follow within seconds).
class duplicate_grouper
{
public:
    explicit duplicate_grouper(
        std::string url, std::function<bool()> busy = [] { return false; },
        std::chrono::milliseconds idle = std::chrono::milliseconds(1000));
    ~duplicate_grouper();
    duplicate_grouper(duplicate_grouper const&) = delete;
    duplicate_grouper& operator=(duplicate_grouper const&) = delete;

    void stop();
    std::uint64_t grouped() const { return grouped_; }
    double lag_seconds() const { return lag_seconds_.load(); }  ///< age of the oldest ungrouped row, as of the last round

private:
    void run();

    std::string url_;
    std::function<bool()> busy_;
    std::chrono::milliseconds idle_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> grouped_{0};
    std::atomic<double> lag_seconds_{0};
    std::thread thread_;
};

}  // namespace baro::store
