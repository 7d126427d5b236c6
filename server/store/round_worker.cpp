#include "store/round_worker.hpp"

#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {
// The rest after a failed round: the database is restarting or unreachable, and the log says so.
constexpr auto rest_after_failure = std::chrono::milliseconds(2000);
}  // namespace

round_worker::round_worker(std::string url, char const* what, unsigned threads, std::function<round()> make_round)
    : url_(std::move(url)),
      what_(what)
{
    for(unsigned i = 0; i < std::max(1u, threads); ++i)
        threads_.emplace_back([this, make_round] { run(make_round()); });
}

round_worker::~round_worker() { stop(); }

void round_worker::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for(auto& t : threads_)
        if(t.joinable())
            t.join();
}

void round_worker::run(round const& one)
{
    std::unique_ptr<pqxx::connection> conn;
    for(;;)
    {
        auto rest = rest_after_failure;
        auto const s = guarded(what_, [&] {
            if(! conn)
            {
                conn = connect(url_);
                // A round's commit need not wait for the disk (nor, in production, for the synchronous
                // standby's replay): what it writes is derived, and its input (the pending rows, the
                // ungrouped contributions, the deltas) goes in the same transaction, so a commit a crash
                // loses is done again by the next round. Any later synchronous commit, such as a
                // moderator's decision read from it, flushes it first (the WAL is written in order).
                pqxx::nontransaction(*conn).exec("set synchronous_commit = off");
            }
            rest = one(*conn);
        });
        if(! s)
        {
            conn.reset();  // reconnect next round; the error is logged by guarded()
            rest = rest_after_failure;
        }
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, rest, [this] { return stopping_; });
        if(stopping_)
            return;
    }
}

}  // namespace baro::store
