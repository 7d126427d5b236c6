#pragma once
// Open-data downloads, bounded: a fixed number run at once, a few per client address, each on a
// thread of this exporter with a connection of its own (COPY blocks; it never runs on an Asio
// thread or holds a connection of the store pool).
#include "core/result.hpp"
#include "store/publish_read.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace baro::store {

/// How many downloads may run; set from app/config (open_data_* settings).
struct export_limits
{
    unsigned running = 4;      ///< at once on this node: each holds a thread, a connection and a COPY
    unsigned per_address = 2;  ///< at once from one client address
};

/// A reserved place for one download; the place is given back when the last copy of it is dropped.
using export_slot = std::shared_ptr<void const>;

/// Runs open-data exports on its own threads, never more than its limits.
class exporter
{
public:
    /// Gets each published row; false stops the export and cancels its COPY on the server.
    using row_fn = std::function<bool(public_contribution const&)>;

    exporter(std::string url, export_limits limits);
    ~exporter();
    exporter(exporter const&) = delete;
    exporter& operator=(exporter const&) = delete;

    /// A slot for a download by `address`: errc::unavailable when every slot is taken,
    /// errc::too_many_requests when that address already holds its share.
    result<export_slot> reserve(std::string const& address);

    /// Streams the published rows of `consultation_id` to `row` on one of the exporter's threads,
    /// then calls `done` there. `slot` (from reserve) is held until the export has ended, and given
    /// back just before `done` runs.
    void run(export_slot slot, std::int64_t consultation_id, row_fn row, std::function<void(status)> done);

    /// Runs any blocking export `task` (the analysts' full export) on one of the exporter's threads
    /// under the same slot rules, then `done` there with its status; `slot` is given back before `done`.
    /// A task should stop early when stopping() turns true.
    void run(export_slot slot, std::function<status()> task, std::function<void(status)> done);

    /// Downloads running now.
    std::size_t running() const;

    /// True once stop() has begun: a download waiting for its client gives up at once.
    bool stopping() const;

    /// Takes no new download, asks the running ones to stop at their next row, joins the threads.
    void stop();

private:
    void release(std::string const& address);
    void work();

    std::string url_;
    export_limits limits_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::map<std::string, unsigned, std::less<>> by_address_;
    std::size_t reserved_ = 0;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace baro::store
