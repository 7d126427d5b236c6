#pragma once
#include "core/result.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// Declared only: pqxx types never leave store/ (store/connection.hpp, store-internal, has the rest).
namespace pqxx {
class connection_base;
}

namespace baro::store {

/// A pool of threads, each owning one blocking pqxx connection ("a world of its own").
/// Work is posted; it runs on a store thread; its completion is the job's own business
/// (callers post results back to their executor). Nothing here ever runs on an Asio thread.
class database
{
public:
    database(std::string url, unsigned threads);
    ~database();
    database(database const&) = delete;
    database& operator=(database const&) = delete;

    /// A job gets a live connection, or nullptr when the database cannot be reached now.
    using job = std::function<void(pqxx::connection_base*)>;

    /// Queues `j`; returns false (and does not run it) when the queue is full.
    bool post(job j);

    /// Checks the database answers (`select 1`) on a store thread; false when the queue is full.
    bool ping(std::function<void(bool ok)> done);

    /// Jobs waiting for a thread.
    std::size_t queue_depth() const;

    /// Stops accepting jobs, finishes the queued ones, joins the threads.
    void stop();

    std::string const& url() const { return url_; }

private:
    void run();

    std::string url_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace baro::store
