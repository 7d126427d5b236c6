#pragma once
// Folds the queue counts' deltas into their kept rows (sql/035_count_deltas.sql) on a thread and
// connection of its own. Counts are exact without it (readers add the deltas); folding keeps the delta
// tables, which every count read scans, a few thousand rows long.
#include "core/result.hpp"
#include "store/round_worker.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace baro::store {

/// Folds every delta this transaction sees into the kept counts (queue_count_fold()). Several nodes may
/// run it at once. Returns the delta rows folded.
result<std::int64_t> fold_counts(std::string const& url);

/// Runs fold_counts() every `period` until stopped, and counts the delta rows left after each fold.
class count_folder
{
public:
    explicit count_folder(std::string url, std::chrono::milliseconds period = std::chrono::milliseconds(250));
    ~count_folder();
    count_folder(count_folder const&) = delete;
    count_folder& operator=(count_folder const&) = delete;

    void stop() { worker_.stop(); }
    std::uint64_t folded() const { return folded_; }          ///< delta rows this node folded
    std::int64_t waiting() const { return waiting_.load(); }  ///< delta rows left, as of the last fold

private:
    std::chrono::milliseconds round(pqxx::connection_base& conn);

    std::chrono::milliseconds period_;
    std::atomic<std::uint64_t> folded_{0};
    std::atomic<std::int64_t> waiting_{0};
    round_worker worker_;  // last: its thread starts once the members above exist
};

}  // namespace baro::store
