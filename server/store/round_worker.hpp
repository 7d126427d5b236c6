#pragma once
// The loop the database's background stages share (the search indexer, the duplicate grouper, the
// count folder): a thread that repeats a round on a connection of its own, rests between rounds for
// as long as the round asks, and stops promptly.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace baro::store {

/// `threads` threads, each repeating a round until stop(). A round runs under guarded() (`what` names
/// it in the log, which gets the SQLSTATE only): when it fails, its connection is dropped and the
/// next round, after a 2-second rest, opens a new one.
class round_worker
{
public:
    /// One round on the thread's connection; returns how long to rest before the next.
    using round = std::function<std::chrono::milliseconds(pqxx::connection_base&)>;

    /// `make_round` is called once on each thread before its first round, so that a round may keep
    /// state of its own (its previous start, its count of rounds).
    round_worker(std::string url, char const* what, unsigned threads, std::function<round()> make_round);
    ~round_worker();
    round_worker(round_worker const&) = delete;
    round_worker& operator=(round_worker const&) = delete;

    void stop();  ///< wakes every thread from its rest, waits for the round under way, joins

private:
    void run(round const& one);

    std::string url_;
    char const* what_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace baro::store
