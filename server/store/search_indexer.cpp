#include "store/search_indexer.hpp"

#include "core/round_pacing.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

#include <algorithm>

namespace baro::store {

namespace {

constexpr int batch_rows = 5000;  // one GIN pending-list merge serves thousands of rows

// The pending rows are taken and deleted in the transaction that indexes them: a crash before COMMIT
// leaves them pending for the next indexer. A contribution erased meanwhile is not found, and its
// pending row goes. A key changed while this runs queues its row again (sql/029: the update trigger
// waits for this delete, then inserts).
//
// Each taken row fetches its contribution by primary key (a lateral subquery that `offset 0` keeps
// from being flattened into a join). As a plain join, the planner, expecting $1 rows from `taken`,
// chose a merge join that read contribution's primary key from its first row up to the taken ids: the
// whole table, every round (40 ms at 150,000 rows for a round of 200; it grows with the campaign).
//
// The rows to take are an array made once (`= any(array(…))`, an init plan), never an `in (…)`
// subquery: when the indexer's own vacuum had just seen the queue empty, the planner believed it held
// one row and put the locking subquery inside a nested loop, run again for every pending row: a round
// of 5,000 over 90,000 pending rows locked rows for minutes at 100 % of a core (seen in a 5,000/s
// run; tests/db/search_indexer_test.cpp makes the same statistics).
constexpr char const* index_sql = R"sql(
with taken as (
    delete from search_pending where contribution_id = any(array(
        select contribution_id from search_pending order by contribution_id limit $1 for update skip locked))
    returning contribution_id
), indexed as (
    insert into contribution_search (contribution_id, search_key)
    select t.contribution_id, c.search_key
    from taken t cross join lateral (
        select c.search_key from contribution c where c.id = t.contribution_id offset 0) c
    order by t.contribution_id
    on conflict (contribution_id) do update set search_key = excluded.search_key
)
select count(*) from taken
)sql";

constexpr char const* lag_sql =
    "select coalesce(extract(epoch from clock_timestamp() - min(queued_at)), 0)::float8 from search_pending";

// search_pending is a queue: each row is deleted within about a second of its insert. Autovacuum comes
// a minute apart at best, so at the maximum rate the dead rows piled up and every round's lag query read
// them all (14 ms a call at 10,000 rows/s, 12 µs of PostgreSQL a stored row; docs/performance.md). The
// indexer vacuums the table itself every `vacuum_rows` rows it takes: a few ms each time. SKIP_LOCKED:
// never wait behind autovacuum; TRUNCATE false: never take the lock that would stall the writer's
// insert into this table while the empty pages at its end are cut off.
constexpr std::uint64_t vacuum_rows = 20000;
constexpr char const* vacuum_sql = "vacuum (skip_locked, truncate false) search_pending";

int index_batch(pqxx::connection_base& conn, int batch)
{
    pqxx::work tx(conn);
    auto const n = tx.exec_params(index_sql, batch)[0][0].as<int>();
    tx.commit();
    return n;
}

void vacuum_pending(pqxx::connection_base& conn)
{
    pqxx::nontransaction tx(conn);  // VACUUM runs outside a transaction block
    tx.exec(vacuum_sql);
}

double lag(pqxx::connection_base& conn)
{
    pqxx::read_transaction tx(conn);
    return std::max(0.0, tx.exec(lag_sql)[0][0].as<double>());
}

}  // namespace

result<int> index_pending(std::string const& url, int batch)
{
    int n = 0;
    auto const s = guarded("index search", [&] {
        auto conn = connect(url);
        n = index_batch(*conn, batch);
    });
    if(! s)
        return s.err();
    return n;
}

char const* index_round_sql() { return index_sql; }

result<double> search_lag_seconds(std::string const& url)
{
    double seconds = 0;
    auto const s = guarded("search lag", [&] {
        auto conn = connect(url);
        seconds = lag(*conn);
    });
    if(! s)
        return s.err();
    return seconds;
}

search_indexer::search_indexer(std::string url, std::chrono::milliseconds idle, unsigned workers)
    : idle_(idle),
      worker_(std::move(url), "index search", workers, [this] { return make_round(); })
{
}

search_indexer::~search_indexer() { stop(); }

round_worker::round search_indexer::make_round()
{
    // Rounds of about a thousand rows when the stream allows, resting 1 to 3 idle periods between them
    // (core/round_pacing): small rounds cost more a row (twice as much until the round's plan was fixed,
    // ~15 % since). A rest never takes the lag past 3 idle periods: at the maximum rate the lag, not the
    // CPU, is what the pacing must not worsen (without that bound, search lag p99 at the maximum went
    // 0.73-1.02 s -> 1.00-1.20 s).
    core::round_pacing const pacing{batch_rows, 1000, idle_, 3 * idle_};
    return [this, pacing, previous_start = std::chrono::steady_clock::now()](pqxx::connection_base& conn) mutable {
        auto const start = std::chrono::steady_clock::now();
        int const done = index_batch(conn, batch_rows);
        indexed_ += static_cast<std::uint64_t>(done);
        // One worker vacuums once the workers together have taken vacuum_rows rows since the last time.
        if(since_vacuum_ += static_cast<std::uint64_t>(done);
           since_vacuum_ >= vacuum_rows && since_vacuum_.exchange(0) >= vacuum_rows)
        {
            vacuum_pending(conn);
            ++vacuums_;
        }
        lag_seconds_ = lag(conn);
        auto const now = std::chrono::steady_clock::now();
        auto const ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d); };
        auto const rest = core::rest_after_round(pacing, done, ms(now - start), ms(now - previous_start),
                                                 std::chrono::milliseconds(static_cast<long long>(lag_seconds_.load() * 1000)));
        previous_start = start;
        return rest;
    };
}

}  // namespace baro::store
