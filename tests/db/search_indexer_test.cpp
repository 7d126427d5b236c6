// Search follows the acknowledged write (sql/029, server/store/search_indexer.cpp): rows committed by
// the writer are queued in search_pending and become searchable once an indexer has run, even one
// started after a crash; once indexed, search and the queue answer as they did before (issue 17).
#include "test_database.hpp"

#include "core/crypto.hpp"
#include "store/contribution_writer.hpp"
#include "store/database.hpp"
#include "store/queue.hpp"
#include "store/search.hpp"
#include "store/search_indexer.hpp"
#include "text/search_key.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

using namespace baro;
using nlohmann::json;

namespace {

std::vector<std::int64_t> write_rows(std::int64_t consultation, std::vector<std::string> const& texts)
{
    store::contribution_writer w(testing::database_url());
    std::vector<std::future<result<store::insert_outcome>>> waiting;
    for(auto const& text : texts)
    {
        store::contribution_row r;
        r.consultation_id = consultation;
        r.channel = "sms";
        r.external_id = "idx-" + crypto::random_hex(8);
        r.raw = text;
        r.display_text = text;
        r.search_key = text::search_key(text);
        r.language = "fr";
        r.suggested_themes = {"securite"};
        auto p = std::make_shared<std::promise<result<store::insert_outcome>>>();
        waiting.push_back(p->get_future());
        w.submit(std::move(r), [p](result<store::insert_outcome> o) { p->set_value(std::move(o)); });
    }
    std::vector<std::int64_t> ids;
    for(auto& f : waiting)
    {
        auto const o = f.get();
        REQUIRE(o.ok());
        ids.push_back(o->id);
    }
    return ids;
}

std::vector<std::int64_t> found(std::int64_t consultation, std::string const& typed)
{
    auto const hits = store::search_contributions(testing::database_url(), {consultation, text::search_key(typed), 50});
    REQUIRE(hits.ok());
    std::vector<std::int64_t> out;
    for(auto const& h : *hits)
        out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

std::string in_list(std::vector<std::int64_t> const& ids)
{
    std::string out;
    for(auto id : ids)
        out += (out.empty() ? "" : ",") + std::to_string(id);
    return "(" + out + ")";
}

json list(store::queue_filter f)
{
    store::database db(testing::database_url(), 1);
    std::promise<result<json>> p;
    auto fut = p.get_future();
    store::list_queue(db, std::move(f), [&p](result<json> r) { p.set_value(std::move(r)); });
    auto r = fut.get();
    db.stop();
    REQUIRE(r.ok());
    return *r;
}

}  // namespace

TEST_CASE("rows acknowledged with no search entry are indexed by a fresh indexer, as after a crash", "[db][search]")
{
    auto const c = testing::new_consultation();
    auto const ids = write_rows(c, {"La route de Kidal est coupée.", "Kidal a besoin d'eau potable.", "Les écoles de Mopti."});
    // Acknowledged, queued, not yet searchable: the writer's transaction did not touch the search index.
    CHECK(testing::scalar("select count(*) from search_pending where contribution_id in " + in_list(ids)) == "3");
    CHECK(testing::scalar("select count(*) from contribution_search where contribution_id in " + in_list(ids)) == "0");
    CHECK(found(c, "kidal").empty());
    auto const lag = store::search_lag_seconds(testing::database_url());
    REQUIRE(lag.ok());
    CHECK(*lag > 0);

    // An indexer dies holding the rows it took (its transaction never commits): they stay pending.
    {
        pqxx::connection conn(testing::database_url());
        pqxx::work tx(conn);
        tx.exec("delete from search_pending where contribution_id in " + in_list(ids));
        CHECK(tx.exec("select count(*) from search_pending where contribution_id in " + in_list(ids))[0][0].as<int>() == 0);
    }  // no commit: rolled back as a killed backend's would be
    CHECK(testing::scalar("select count(*) from search_pending where contribution_id in " + in_list(ids)) == "3");

    // A fresh indexer thread resumes from the database alone; wait until the rows are searchable.
    store::search_indexer indexer(testing::database_url(), std::chrono::milliseconds(20));
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while(found(c, "kidal").size() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    indexer.stop();
    CHECK(found(c, "kidal") == sorted({ids[0], ids[1]}));
    CHECK(found(c, "ecoles") == std::vector<std::int64_t>{ids[2]});
    CHECK(indexer.indexed() >= 3);
    CHECK(testing::scalar("select count(*) from search_pending where contribution_id in " + in_list(ids)) == "0");
    testing::index_search();  // other tests' rows too: then nothing waits
    CHECK(*store::search_lag_seconds(testing::database_url()) == 0);
}

TEST_CASE("once indexed, search and the queue's text filter find what the search key itself matches", "[db][search]")
{
    auto const c = testing::new_consultation();
    std::vector<std::string> const texts = {
        "Jamana kɔnɔ, hɛra ka kan ka segin.",    "An ka dugu kònò, mɔgɔw bɛ siran.", "Sigida kono, kalanso tɛ yen.",
        "Kalo saba kɔfɛ, foyi ma yɛlɛma.",       "Il faut réparer la route de Kayes.", "La route de Kayes et celle de Nioro.",
        "Nous voulons des élections libres.",    "Les élections doivent être libres et transparentes."};
    auto const ids = write_rows(c, texts);
    testing::index_search();

    for(std::string const typed : {"kono", "KƆNƆ", "konno", "kalo", "route kayes", "elections libres", "nioro"})
    {
        INFO("typed: " << typed);
        auto const key = text::search_key(typed);
        auto const pattern = store::like_pattern(key);
        // The statement search used before sql/029, on contribution.search_key itself (no index needed).
        pqxx::connection conn(testing::database_url());
        pqxx::read_transaction tx(conn);
        auto const before = tx.exec_params(
            "select id from contribution where consultation_id = $1 and (search_key like $3 or $2 <<% search_key) order by id",
            c, key, pattern);
        std::vector<std::int64_t> expected;
        for(auto const& r : before)
            expected.push_back(r[0].as<std::int64_t>());
        CHECK_FALSE(expected.empty());
        CHECK(found(c, typed) == expected);

        // The queue (exact words first, near spellings when none match) lists the same rows and counts them.
        auto const exact = tx.exec_params("select id from contribution where consultation_id = $1 and search_key like $2", c, pattern);
        auto const near = tx.exec_params("select id from contribution where consultation_id = $1 and $2 <<% search_key", c, key);
        auto const& queue_expected = exact.empty() ? near : exact;
        store::queue_filter f;
        f.consultation_id = c;
        f.key = key;
        auto const page = list(f);
        std::vector<std::int64_t> listed;
        for(auto const& item : page["items"])
            listed.push_back(item["id"].get<std::int64_t>());
        std::sort(listed.begin(), listed.end());
        std::vector<std::int64_t> wanted;
        for(auto const& r : queue_expected)
            wanted.push_back(r[0].as<std::int64_t>());
        std::sort(wanted.begin(), wanted.end());
        CHECK(listed == wanted);
        CHECK(page["counts"] == json{{"new", wanted.size()}});
    }
    // The counts written in the acknowledged transaction (sql/008, sql/035) still count every row at once.
    CHECK(testing::scalar("select sum(n) from queue_counts where consultation_id = " + std::to_string(c)) ==
          std::to_string(texts.size()));
}

TEST_CASE("a changed search key is searched under its new words once indexed again; an erased row leaves the index",
          "[db][search]")
{
    auto const c = testing::new_consultation();
    auto const ids = write_rows(c, {"Le marché de Sikasso a brûlé.", "Sikasso manque de médecins."});
    testing::index_search();
    CHECK(found(c, "sikasso") == sorted(ids));

    testing::exec("update contribution set search_key = 'le marche de koutiala a brule.' where id = " + std::to_string(ids[0]));
    CHECK(testing::scalar("select count(*) from search_pending where contribution_id = " + std::to_string(ids[0])) == "1");
    testing::index_search();
    CHECK(found(c, "koutiala") == std::vector<std::int64_t>{ids[0]});
    CHECK(found(c, "sikasso") == std::vector<std::int64_t>{ids[1]});

    // Erasure reaches the indexed copy; a row erased before it was indexed is dropped from the queue of work.
    auto const late = write_rows(c, {"Sikasso encore."});
    testing::exec("delete from contribution where id in " + in_list({ids[1], late[0]}));
    CHECK(testing::scalar("select count(*) from contribution_search where contribution_id = " + std::to_string(ids[1])) == "0");
    testing::index_search();
    CHECK(testing::scalar("select count(*) from search_pending where contribution_id = " + std::to_string(late[0])) == "0");
    CHECK(found(c, "sikasso").empty());
}

namespace {

// Rows each plan node of an EXPLAIN (ANALYZE, FORMAT JSON) read from `relation`, summed over the plan.
std::int64_t rows_read(json const& node, std::string const& relation)
{
    std::int64_t n = 0;
    if(node.value("Relation Name", "") == relation)
        n += node["Actual Rows"].get<std::int64_t>() * node["Actual Loops"].get<std::int64_t>();
    for(auto const& child : node.value("Plans", json::array()))
        n += rows_read(child, relation);
    return n;
}

// Whether a plan node named `type` sits on the inner side of a join somewhere below `node`: run again
// for each row of the outer side.
bool rerun_inside(json const& node, std::string const& type, bool inner = false)
{
    inner = inner || node.value("Parent Relationship", "") == "Inner";
    if(node.value("Node Type", "") == type)
        return inner;
    for(auto const& child : node.value("Plans", json::array()))
        if(rerun_inside(child, type, inner))
            return true;
    return false;
}

}  // namespace

// The statistics the indexer's own vacuum leaves when it finds the queue empty (no rows on its pages)
// made the planner believe a queue of 40,000 held one row; with the rows to take chosen in an `in (…)`
// subquery it then ran that locking subquery again for every pending row: a round of 5,000 took
// minutes at 100 % of a core. The rows are now chosen once, whatever the statistics.
TEST_CASE("an indexer round chooses its rows once, whatever the planner believes of the queue's size", "[db][search]")
{
    auto const c = std::to_string(testing::new_consultation());
    auto const tag = crypto::random_hex(6);
    testing::exec("alter table search_pending set (autovacuum_enabled = false)");  // the statistics stay stale
    testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, search_key)"
                  " select " + c + ", 'web', 'once-" + tag + "-a' || g, 'Texte ' || g, 'texte ' || g"
                  " from generate_series(1, 2000) g");
    testing::index_search();
    {
        pqxx::connection conn(testing::database_url());
        pqxx::nontransaction tx(conn);  // empty pages: 0 rows, as the indexer's vacuum sees it
        tx.exec("vacuum (truncate false) search_pending");
    }
    testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, search_key)"
                  " select " + c + ", 'web', 'once-" + tag + "-b' || g, 'Texte ' || g, 'texte ' || g"
                  " from generate_series(1, 40000) g");
    REQUIRE(testing::scalar("select count(*) from search_pending") == "40000");

    {
        pqxx::connection conn(testing::database_url());
        pqxx::work tx(conn);
        tx.exec("set jit = off");
        tx.exec(std::string("prepare round(int) as ") + store::index_round_sql());
        auto const plan = json::parse(tx.exec("explain (format json) execute round(5000)")[0][0].c_str())[0]["Plan"];
        INFO(plan.dump(1));
        REQUIRE(! rerun_inside(plan, "LockRows"));
    }
    // And the rounds take them all, 5,000 at a time.
    int rounds = 0;
    for(;;)
    {
        auto const n = store::index_pending(testing::database_url(), 5000);
        REQUIRE(n.ok());
        if(*n == 0)
            break;
        CHECK(*n <= 5000);
        ++rounds;
    }
    CHECK(rounds == 8);
    CHECK(testing::scalar("select count(*) from contribution_search s join contribution x on x.id = s.contribution_id"
                          " where x.external_id like 'once-" + tag + "-%'") == "42000");
    testing::exec("alter table search_pending reset (autovacuum_enabled)");
}

// A round fetches the contributions it indexes by key. As a plain join, with statistics taken during a
// burst (thousands pending), the planner read contribution from its first row up to the newest pending
// one: the whole table, each round, however few rows waited.
TEST_CASE("an indexer round reads only the contributions it indexes", "[db][search]")
{
    auto const c = std::to_string(testing::new_consultation());
    testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, search_key)"
                  " select " + c + ", 'web', 'plan-" + c + "-' || g, 'Texte ' || g, 'texte ' || g"
                  " from generate_series(1, 20000) g");
    testing::exec("analyze contribution");
    testing::exec("analyze search_pending");  // as autovacuum may, in the middle of a burst
    testing::index_search();
    write_rows(std::stoll(c), {"Le marché de Kayes.", "L'eau de Gao.", "Les routes de Mopti."});
    auto const pending = std::stoll(testing::scalar("select count(*) from search_pending"));
    REQUIRE(pending >= 3);
    pqxx::connection conn(testing::database_url());
    pqxx::work tx(conn);
    tx.exec(std::string("prepare round(int) as ") + store::index_round_sql());
    auto const plan = json::parse(tx.exec("explain (analyze, format json) execute round(5000)")[0][0].c_str())[0]["Plan"];
    tx.commit();
    CHECK(testing::scalar("select count(*) from search_pending") == "0");  // the round took them all
    CHECK(rows_read(plan, "contribution") <= pending);
}

TEST_CASE("the indexer vacuums its queue table as it goes, so that dead pending rows do not pile up", "[db][search]")
{
    auto const c = testing::new_consultation();
    testing::index_search();  // start from an empty queue
    // Autovacuum off on the table meanwhile: the indexer's vacuum skips a table autovacuum holds.
    testing::exec("alter table search_pending set (autovacuum_enabled = false)");
    auto const vacuums_before = testing::scalar("select vacuum_count from pg_stat_user_tables where relname = 'search_pending'");
    auto const tag = crypto::random_hex(6);
    // More rows than the indexer takes between two vacuums (20,000), queued as the writer's trigger does.
    testing::exec("insert into contribution (consultation_id, channel, external_id, raw, display_text, search_key)"
                  " select " + std::to_string(c) + ", 'sms', 'vac-" + tag + "-' || g,"
                  " 'kalanso ' || g, 'kalanso ' || g, 'kalanso ' || g from generate_series(1, 20500) g");
    CHECK(testing::scalar("select count(*) from search_pending") == "20500");

    store::search_indexer indexer(testing::database_url(), std::chrono::milliseconds(20));
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while((indexer.vacuums() == 0 || testing::scalar("select count(*) from search_pending") != "0") &&
          std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    indexer.stop();
    CHECK(indexer.vacuums() == 1);
    CHECK(testing::scalar("select count(*) from search_pending") == "0");
    CHECK(testing::scalar("select count(*) from contribution_search s join contribution c on c.id = s.contribution_id"
                          " where c.external_id like 'vac-" + tag + "-%'") == "20500");
    // PostgreSQL counts the vacuum (a skipped one, for want of privilege or behind autovacuum, is not
    // counted); its statistics reach the view within a second or so.
    auto const stats_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto vacuums_after = vacuums_before;
    while(vacuums_after == vacuums_before && std::chrono::steady_clock::now() < stats_deadline)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        vacuums_after = testing::scalar("select vacuum_count from pg_stat_user_tables where relname = 'search_pending'");
    }
    CHECK(std::stoll(vacuums_after) > std::stoll(vacuums_before));
    testing::exec("alter table search_pending reset (autovacuum_enabled)");
}
