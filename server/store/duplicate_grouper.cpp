#include "store/duplicate_grouper.hpp"

#include "core/log.hpp"
#include "moderation/rules/near_duplicate.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

#include <algorithm>

namespace baro::store {

namespace {

constexpr long long grouper_lock_key = 0x6261726f67727570;  // "barogrup"
constexpr int look_back = 1000;                             // ids behind the newest grouped one
constexpr int near_candidates = 50;                         // most recent band matches checked
constexpr int sweep_every = 600;                            // rounds between full sweeps (~10 min idle)

std::string bands_literal(std::vector<std::int64_t> const& bands)
{
    std::string out = "{";
    for(std::size_t i = 0; i < bands.size(); ++i)
        out += (i ? "," : "") + std::to_string(bands[i]);
    return out + "}";
}

int group_batch(pqxx::connection_base& conn, int batch, bool full_sweep)
{
    pqxx::work tx(conn);
    if(! tx.exec("select pg_try_advisory_xact_lock(" + std::to_string(grouper_lock_key) + ")")[0][0].as<bool>())
        return 0;
    auto const pending = tx.exec_params(
        "select c.id, c.consultation_id, c.search_key from contribution c"
        " where c.id > $1 and not exists (select 1 from contribution_group g where g.contribution_id = c.id)"
        " order by c.id limit $2",
        full_sweep
            ? 0
            : tx.exec("select coalesce(max(contribution_id), 0) from contribution_group")[0][0].as<std::int64_t>() - look_back,
        batch);
    std::string const similarity = std::to_string(moderation::near_duplicate_similarity);
    for(auto const& row : pending)
    {
        auto const id = row[0].as<std::int64_t>();
        auto const consultation = row[1].as<std::int64_t>(0);  // 0: the unrouted inbox
        auto const key = row[2].as<std::string>();
        auto const bands = moderation::similarity_bands(key, consultation);
        std::int64_t group = id;
        if(! key.empty())
        {
            auto exact = tx.exec_params(
                "select g.group_id from contribution d join contribution_group g on g.contribution_id = d.id"
                " where d.search_key = $1 and d.consultation_id is not distinct from nullif($2::bigint, 0) and d.id <> $3"
                " order by g.group_id limit 1",
                key, consultation, id);
            if(exact.empty() && ! bands.empty())
                // "contribution_id + 0": ordered by the pkey, PostgreSQL walked the whole table backwards
                // looking for 50 band matches that usually do not exist (37 ms a row at 58,000 rows,
                // issue 17); this way it takes the matches from the GIN index on bands, then sorts them
                // (1.9 ms). Same rows, same order.
                exact = tx.exec_params(
                    "select g.group_id from (select contribution_id, group_id from contribution_group"
                    "   where bands && $1::bigint[] order by contribution_id + 0 desc limit " +
                        std::to_string(near_candidates) +
                        ") g join contribution d on d.id = g.contribution_id"
                        " where d.consultation_id is not distinct from nullif($2::bigint, 0) and similarity(d.search_key, $3) >= " +
                        similarity + " order by similarity(d.search_key, $3) desc, g.group_id limit 1",
                    bands_literal(bands), consultation, key);
            if(! exact.empty())
                group = exact[0][0].as<std::int64_t>();
        }
        tx.exec_params("insert into contribution_group (contribution_id, group_id, bands) values ($1, $2, $3::bigint[])"
                       " on conflict do nothing",
                       id, group, bands_literal(bands));
    }
    tx.commit();
    return static_cast<int>(pending.size());
}

// The age of the oldest contribution not yet grouped, near the newest grouped id (where the grouper
// works between sweeps); 0 when every one is grouped.
constexpr char const* lag_sql = R"sql(
select coalesce(extract(epoch from clock_timestamp() - min(c.received_at)), 0)::float8 from contribution c
where c.id > (select coalesce(max(contribution_id), 0) from contribution_group) - $1
  and not exists (select 1 from contribution_group g where g.contribution_id = c.id)
)sql";

}  // namespace

result<int> group_pending(std::string const& url, int batch, bool full_sweep)
{
    int n = 0;
    auto const s = guarded("group duplicates", [&] {
        auto conn = connect(url);
        n = group_batch(*conn, batch, full_sweep);
    });
    if(! s)
        return s.err();
    return n;
}

duplicate_grouper::duplicate_grouper(std::string url, std::function<bool()> busy, std::chrono::milliseconds idle)
    : url_(std::move(url)),
      busy_(std::move(busy)),
      idle_(idle),
      thread_([this] { run(); })
{
}

duplicate_grouper::~duplicate_grouper() { stop(); }

void duplicate_grouper::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if(thread_.joinable())
        thread_.join();
}

void duplicate_grouper::run()
{
    std::unique_ptr<pqxx::connection> conn;
    int round = 0;
    for(;;)
    {
        int done = 0;
        auto const start = std::chrono::steady_clock::now();
        auto const s = guarded("group duplicates", [&] {
            if(! conn)
                conn = connect(url_);
            done = group_batch(*conn, 200, round++ % sweep_every == 0);
            pqxx::read_transaction tx(*conn);
            lag_seconds_ = std::max(0.0, tx.exec_params(lag_sql, look_back)[0][0].as<double>());
        });
        if(! s)
            conn.reset();  // reconnect next round; the error is logged by guarded()
        grouped_ += static_cast<std::uint64_t>(done);
        auto const took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        auto const rest = ! s ? std::chrono::milliseconds(2000) : done == 0 ? idle_ : took * (busy_() ? 4 : 1);
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, rest, [this] { return stopping_; });
        if(stopping_)
            return;
    }
}

}  // namespace baro::store
