#include "ingest/reindex_jobs.hpp"

#include "core/log.hpp"
#include "ingest/text_fields.hpp"
#include "store/reindex.hpp"

#include <algorithm>

namespace baro::ingest {

reindex_jobs::reindex_jobs(std::string database_url) : url_(std::move(database_url)) {}

reindex_jobs::~reindex_jobs()
{
    for(auto& w : workers_)
        if(w.thread.joinable())
            w.thread.join();
}

// A job's thread sets its final state under mutex_ as its very last step, so a thread whose job is no
// longer "running" needs the mutex no more and is joined at once, even with mutex_ held. Without
// this, a server that re-runs suggestions all campaign long would hold every finished thread until
// shutdown.
void reindex_jobs::reap_finished()
{
    auto const finished = [this](worker const& w) { return jobs_[w.consultation_id].state != "running"; };
    for(auto& w : workers_)
        if(finished(w) && w.thread.joinable())
            w.thread.join();
    workers_.erase(std::remove_if(workers_.begin(), workers_.end(), [](worker const& w) { return ! w.thread.joinable(); }),
                   workers_.end());
}

std::size_t reindex_jobs::threads_held() const
{
    std::lock_guard lock(mutex_);
    return workers_.size();
}

bool reindex_jobs::start(std::shared_ptr<store::catalog const> catalog, std::int64_t consultation_id)
{
    std::lock_guard lock(mutex_);
    reap_finished();
    auto& job = jobs_[consultation_id];
    if(job.state == "running")
        return false;
    // The thread waits for mutex_ before it writes any progress: "running" is set first below.
    std::thread thread([this, catalog = std::move(catalog), consultation_id] {
        store::consultation_info const unrouted;  // no consultation: no themes
        auto const recompute = [&](std::optional<std::int64_t> id, std::string const& raw, store::contribution_row& row) {
            auto const* c = &unrouted;
            for(auto const& each : *catalog)
                if(id && each.id == *id)
                    c = &each;
            fill_text_fields(row, *c, raw);
        };
        auto const progress = [&](std::int64_t done, std::int64_t total) {
            update(consultation_id, reindex_progress{"running", done, total, {}});
        };
        auto const n = store::reindex(url_, consultation_id, recompute, progress);
        if(! n)
        {
            log::warn("reindex", "consultation " + std::to_string(consultation_id) + ": " + n.err().message);
            std::lock_guard lock(mutex_);
            auto& j = jobs_[consultation_id];
            j.state = "failed";
            j.error = n.err().message;
            return;
        }
        std::lock_guard lock(mutex_);
        auto& j = jobs_[consultation_id];
        j.state = "finished";
        j.done = *n;
        j.total = std::max(j.total, *n);
    });
    job = reindex_progress{"running", 0, 0, {}};
    workers_.push_back({consultation_id, std::move(thread)});
    return true;
}

reindex_progress reindex_jobs::status(std::int64_t consultation_id) const
{
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(consultation_id);
    return it == jobs_.end() ? reindex_progress{} : it->second;
}

void reindex_jobs::update(std::int64_t id, reindex_progress p)
{
    std::lock_guard lock(mutex_);
    jobs_[id] = std::move(p);
}

}  // namespace baro::ingest
