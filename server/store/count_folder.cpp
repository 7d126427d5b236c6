#include "store/count_folder.hpp"

#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

constexpr char const* waiting_sql =
    "select (select count(*) from queue_count_delta) + (select count(*) from queue_theme_count_delta)";

std::int64_t fold(pqxx::connection_base& conn)
{
    pqxx::work tx(conn);
    auto const n = tx.exec("select queue_count_fold()")[0][0].as<std::int64_t>();
    tx.commit();
    return n;
}

// The fold leaves the rows it deleted behind, and autovacuum visits a table at most once a minute: at
// 10,000 posts a second that is ~700,000 dead rows that every fold and every count read would scan. A
// vacuum of two small tables with no index after each fold keeps them a few pages long (measured in
// docs/performance.md, "Queue counts as deltas"). Not truncated: the writers reuse the freed pages.
void vacuum_deltas(pqxx::connection_base& conn)
{
    pqxx::nontransaction tx(conn);
    tx.exec("vacuum (truncate false, skip_locked) queue_count_delta, queue_theme_count_delta");
}

std::int64_t deltas_waiting(pqxx::connection_base& conn)
{
    pqxx::read_transaction tx(conn);
    return tx.exec(waiting_sql)[0][0].as<std::int64_t>();
}

}  // namespace

result<std::int64_t> fold_counts(std::string const& url)
{
    std::int64_t n = 0;
    auto const s = guarded("fold counts", [&] {
        auto conn = connect(url);
        n = fold(*conn);
    });
    if(! s)
        return s.err();
    return n;
}

count_folder::count_folder(std::string url, std::chrono::milliseconds period)
    : period_(period),
      worker_(std::move(url), "fold counts", 1, [this] { return [this](pqxx::connection_base& c) { return round(c); }; })
{
}

count_folder::~count_folder() { stop(); }

std::chrono::milliseconds count_folder::round(pqxx::connection_base& conn)
{
    auto const done = fold(conn);
    folded_ += static_cast<std::uint64_t>(done);
    if(done > 0)  // an idle node does not vacuum empty tables four times a second
        vacuum_deltas(conn);
    waiting_ = deltas_waiting(conn);
    return period_;
}

}  // namespace baro::store
