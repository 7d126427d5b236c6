#pragma once
// Re-running theme suggestion on a consultation's stored contributions after an admin changed its
// lexicons (issue 11): the work of `baro reindex --consultation SLUG`, started from the workspace,
// on a thread of its own (never an Asio thread), one job per consultation at a time, with progress.
#include "store/consultations.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace baro::ingest {

/// Where one consultation's job stands.
struct reindex_progress
{
    std::string state = "idle";  ///< "idle" (never run since start), "running", "finished", "failed"
    std::int64_t done = 0;       ///< contributions recomputed so far
    std::int64_t total = 0;      ///< contributions in all (known once the job counted them)
    std::string error;           ///< why it failed
};

class reindex_jobs
{
public:
    explicit reindex_jobs(std::string database_url);
    ~reindex_jobs();  ///< waits for running jobs (each batch is its own transaction)
    reindex_jobs(reindex_jobs const&) = delete;
    reindex_jobs& operator=(reindex_jobs const&) = delete;

    /// Starts recomputing the consultation's contributions with the lexicons of `catalog` (compiled
    /// by prepare_catalog). False when a job for it is running already.
    bool start(std::shared_ptr<store::catalog const> catalog, std::int64_t consultation_id);
    reindex_progress status(std::int64_t consultation_id) const;
    /// Job threads held: the running ones, and those finished since the last start (reaped by the next).
    std::size_t threads_held() const;

private:
    /// One job's thread and the consultation it works for.
    struct worker
    {
        std::int64_t consultation_id = 0;
        std::thread thread;
    };

    void update(std::int64_t id, reindex_progress p);
    void reap_finished();  ///< joins the threads of finished jobs; mutex_ held

    std::string url_;
    mutable std::mutex mutex_;
    std::map<std::int64_t, reindex_progress> jobs_;
    std::vector<worker> workers_;
};

}  // namespace baro::ingest
