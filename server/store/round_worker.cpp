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
                conn = connect(url_);
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
