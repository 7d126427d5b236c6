#pragma once
// Folds the queue counts' deltas into their kept rows (sql/035_count_deltas.sql) on a thread and
// connection of its own. Counts are exact without it (readers add the deltas); folding keeps the delta
// tables, which every count read scans, a few thousand rows long.
#include "core/result.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

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

    void stop();
    std::uint64_t folded() const { return folded_; }          ///< delta rows this node folded
    std::int64_t waiting() const { return waiting_.load(); }  ///< delta rows left, as of the last fold

private:
    void run();

    std::string url_;
    std::chrono::milliseconds period_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> folded_{0};
    std::atomic<std::int64_t> waiting_{0};
    std::thread thread_;
};

}  // namespace baro::store
