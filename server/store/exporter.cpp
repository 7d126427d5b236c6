#include "store/exporter.hpp"

namespace baro::store {

exporter::exporter(std::string url, export_limits limits) : url_(std::move(url)), limits_(limits)
{
    // One thread per slot: a reserved download starts at once, and no more than `running` exist.
    for(unsigned i = 0; i < limits_.running; ++i)
        threads_.emplace_back([this] { work(); });
}

exporter::~exporter() { stop(); }

result<export_slot> exporter::reserve(std::string const& address)
{
    std::lock_guard lock(mutex_);
    if(stopping_ || reserved_ >= limits_.running)
        return fail(errc::unavailable, "Too many downloads at once; try again shortly.");
    auto& mine = by_address_[address];
    if(mine >= limits_.per_address)
    {
        if(mine == 0)
            by_address_.erase(address);
        return fail(errc::too_many_requests, "Too many downloads from your address at once (at most " +
                                                 std::to_string(limits_.per_address) + "); wait for one to finish.");
    }
    ++mine;
    ++reserved_;
    return export_slot(static_cast<void const*>(this), [this, address](void const*) { release(address); });
}

void exporter::release(std::string const& address)
{
    std::lock_guard lock(mutex_);
    --reserved_;
    if(auto it = by_address_.find(address); it != by_address_.end() && --it->second == 0)
        by_address_.erase(it);
}

void exporter::run(export_slot slot, std::int64_t consultation_id, row_fn row, std::function<void(status)> done)
{
    run(
        std::move(slot),
        [this, consultation_id, row = std::move(row)] {
            return stream_published(url_, consultation_id, [this, &row](public_contribution const& c) { return ! stopping() && row(c); });
        },
        std::move(done));
}

void exporter::run(export_slot slot, std::function<status()> task, std::function<void(status)> done)
{
    std::lock_guard lock(mutex_);
    jobs_.push_back([slot = std::move(slot), task = std::move(task), done = std::move(done)]() mutable {
        auto const st = task();
        slot.reset();  // free before `done`, so a client that retries at once finds it free
        done(st);
    });
    cv_.notify_one();
}

bool exporter::stopping() const
{
    std::lock_guard lock(mutex_);
    return stopping_;
}

std::size_t exporter::running() const
{
    std::lock_guard lock(mutex_);
    return reserved_;
}

void exporter::work()
{
    for(;;)
    {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || ! jobs_.empty(); });
            if(jobs_.empty())
                return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

void exporter::stop()
{
    {
        std::lock_guard lock(mutex_);
        if(stopping_ && threads_.empty())
            return;
        stopping_ = true;
    }
    cv_.notify_all();
    for(auto& t : threads_)
        t.join();
    threads_.clear();
}

}  // namespace baro::store
