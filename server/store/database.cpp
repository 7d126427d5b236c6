#include "store/database.hpp"

#include "store/connection.hpp"

#include "core/log.hpp"

#include <pqxx/pqxx>

#include <typeinfo>

namespace baro::store {

namespace {
constexpr std::size_t max_queued_jobs = 10000;
// Set by guarded() when a failure means this thread's connection can no longer be trusted.
thread_local bool connection_suspect = false;
}  // namespace

std::string with_defaults(std::string url)
{
    auto const add = [&url](char const* kv) {
        std::string const key = std::string(kv).substr(0, std::string(kv).find('=') + 1);
        if(url.find(key) != std::string::npos)
            return;
        url += url.find('?') == std::string::npos ? '?' : '&';
        url += kv;
    };
    add("connect_timeout=3");
    add("application_name=baro");
    return url;
}

std::unique_ptr<pqxx::connection> connect(std::string const& url)
{
    auto conn = std::make_unique<pqxx::connection>(with_defaults(url));
    // No JIT compilation: baro's statements are short, and one whose estimate crosses jit_above_cost
    // (the duplicate grouper's lateral lookups, on statistics a broadcast has just made stale) spent
    // 100-270 ms compiling for 5 ms of work (docs/performance.md, "The duplicate grouper alone").
    conn->set_variable("jit", "off");
    return conn;
}

bool take_connection_lost()
{
    bool const lost = connection_suspect;
    connection_suspect = false;
    return lost;
}

status guarded(char const* what, std::function<void()> const& fn)
{
    // Logs name the step and the SQLSTATE only. A server message can quote the statement's data (a
    // JSON snippet of a batch: citizens' texts and pseudonyms), and a client-side message can quote a
    // value: neither is written.
    try
    {
        fn();
        return ok_t{};
    }
    catch(pqxx::broken_connection const&)
    {
        connection_suspect = true;
        log::warn("store", std::string(what) + ": database unreachable (connection refused or lost)");
        return fail(errc::unavailable, "The database is unavailable; try again shortly.");
    }
    catch(pqxx::in_doubt_error const&)
    {
        connection_suspect = true;
        log::error("store", std::string(what) + ": commit in doubt (connection lost during commit)");
        return fail(errc::unavailable, "The database connection was lost during commit; try again.");
    }
    catch(pqxx::sql_error const& e)
    {
        std::string const state = e.sqlstate();
        switch(classify_sqlstate(state))
        {
        case sql_failure::not_ready:
            connection_suspect = true;
            log::warn("store", std::string(what) + ": database not ready, SQLSTATE " + state);
            return fail(errc::unavailable, "The database is unavailable; try again shortly.");
        case sql_failure::transient:
            log::warn("store", std::string(what) + ": transaction rolled back, SQLSTATE " + state);
            return fail(errc::unavailable, "The database is busy; try again shortly.");
        case sql_failure::data:
            log::warn("store", std::string(what) + ": data refused, SQLSTATE " + state);
            return fail(errc::unprocessable, "The database refused this data.");
        case sql_failure::other: break;
        }
        log::error("store", std::string(what) + ": SQLSTATE " + (state.empty() ? "unknown" : state));
        return fail(errc::internal, "A database error occurred.");
    }
    catch(std::exception const& e)
    {
        log::error("store", std::string(what) + ": unexpected " + typeid(e).name());
        return fail(errc::internal, "A database error occurred.");
    }
}

sql_failure classify_sqlstate(std::string_view state)
{
    auto const has_class = [state](std::string_view c) { return state.substr(0, c.size()) == c; };
    // Admin shutdown, too many connections, recovery in progress, connection exceptions: the server is
    // alive but not ready, and this connection may be gone.
    if(has_class("57P") || has_class("53") || has_class("08"))
        return sql_failure::not_ready;
    // Serialization failure, deadlock: the transaction was rolled back and may simply be run again.
    if(has_class("40"))
        return sql_failure::transient;
    // Data exception (22: e.g. 22P05 \u0000 in JSON text, 22021 bytes not in the encoding) or an
    // integrity constraint (23: e.g. a foreign key to a consultation deleted meanwhile): this row's
    // values, not the database's state.
    if(has_class("22") || has_class("23"))
        return sql_failure::data;
    return sql_failure::other;
}

database::database(std::string url, unsigned threads) : url_(std::move(url))
{
    for(unsigned i = 0; i < threads; ++i)
        threads_.emplace_back([this] { run(); });
}

database::~database() { stop(); }

bool database::post(job j)
{
    {
        std::lock_guard lock(mutex_);
        if(stopping_ || queue_.size() >= max_queued_jobs)
            return false;
        queue_.push_back(std::move(j));
    }
    cv_.notify_one();
    return true;
}

bool database::ping(std::function<void(bool)> done)
{
    return post([done](pqxx::connection_base* conn) {
        done(conn != nullptr && guarded("ping", [&] { pqxx::nontransaction(*conn).exec("select 1"); }));
    });
}

std::size_t database::queue_depth() const
{
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void database::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for(auto& t : threads_)
        if(t.joinable())
            t.join();
    threads_.clear();
}

void database::run()
{
    std::unique_ptr<pqxx::connection> conn;
    for(;;)
    {
        job j;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || ! queue_.empty(); });
            if(queue_.empty())
                return;
            j = std::move(queue_.front());
            queue_.pop_front();
        }
        if(take_connection_lost() || (conn && ! conn->is_open()))
            conn.reset();
        if(! conn)
        {
            auto const s = guarded("connect", [&] {
                conn = connect(url_);
                // No parallel workers for the requests' statements: they are short and many run at
                // once. A text search of the moderator queue at 10,000,000 rows went parallel, and
                // on 2 cores with 4 moderators its two workers waited to start and for CPU: 93 ms
                // a request against 36-42 ms without them (docs/performance.md, "At 10,000,000 rows").
                // Exports and reports open connections of their own and keep the server's setting.
                conn->set_variable("max_parallel_workers_per_gather", "0");
            });
            if(! s || take_connection_lost())
                conn.reset();
        }
        try
        {
            j(conn.get());
        }
        catch(std::exception const& e)
        {
            // A job's completion that throws is a bug: log it and keep the store thread alive.
            log::error("store", std::string("job failed: unexpected ") + typeid(e).name());
        }
        // A job that lost its connection leaves it closed; the next job reconnects.
    }
}

}  // namespace baro::store
