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

#include <pqxx/connection>

namespace baro::store {

/// Adds connect_timeout and application_name to a libpq URI when it has none.
std::string with_defaults(std::string url);

/// Opens one connection (blocking); throws pqxx errors. For store/ and the CLI only. Held as
/// pqxx::connection, never connection_base: the base has no virtual destructor and would leak.
std::unique_ptr<pqxx::connection> connect(std::string const& url);

/// Runs `fn` and turns any exception into an error value: a lost or refused connection, a database not
/// ready or a rolled-back transaction (serialization, deadlock) becomes errc::unavailable; data the
/// database refuses (SQLSTATE class 22 or 23) errc::unprocessable; anything else errc::internal. The
/// log line names `what` and the SQLSTATE, never the server's message (it may quote the data).
status guarded(char const* what, std::function<void()> const& fn);

/// How a SQLSTATE is answered: see guarded().
enum class sql_failure { not_ready, transient, data, other };

/// The kind of failure a SQLSTATE (five characters; "" when unknown) reports. Pure.
sql_failure classify_sqlstate(std::string_view state);

/// True, once, when guarded() on this thread saw a failure that leaves its connection unusable.
bool take_connection_lost();

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
