#include "test_database.hpp"

#include "app/audit_command.hpp"
#include "moderation/rules/audit_hash.hpp"
#include "store/audit.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <iostream>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>

using namespace baro;

namespace {

std::string append(store::audit_entry const& e)
{
    auto conn = store::connect(testing::database_url());
    pqxx::work tx(*conn);
    auto hash = store::append_audit(tx, e);
    tx.commit();
    return hash;
}

std::int64_t append_returning_id(store::audit_entry const& e)
{
    append(e);
    return std::stoll(testing::scalar("select max(id) from audit_event"));
}

store::audit_report verify()
{
    auto const r = store::verify_audit(testing::database_url());
    REQUIRE(r.ok());
    return *r;
}

// Runs SQL that puts a tampered row back as it was, even when a check fails.
struct restore_after
{
    std::string sql;
    ~restore_after() { testing::exec(sql); }
};

std::string quoted(std::string const& s)
{
    auto conn = store::connect(testing::database_url());
    return conn->quote(s);
}

}  // namespace

TEST_CASE("appenders on many threads build one linear chain that verifies intact", "[db][audit]")
{
    auto const before = verify();
    REQUIRE_FALSE(before.first_broken_id);
    constexpr int threads = 6;
    constexpr int per_thread = 20;
    std::mutex m;
    std::vector<std::string> hashes;
    std::vector<std::string> errors;
    std::vector<std::thread> pool;
    for(int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            try
            {
                auto conn = store::connect(testing::database_url());
                for(int i = 0; i < per_thread; ++i)
                {
                    pqxx::work tx(*conn);
                    tx.exec("select pg_sleep(0.001)");  // the decision's own work, racing the others
                    auto h = store::append_audit(tx, {"moderator:" + std::to_string(t),
                                                      "transition",
                                                      "contribution:" + std::to_string(i),
                                                      {{"thread", t}, {"i", i}, {"to", "published"}}});
                    tx.commit();
                    std::lock_guard<std::mutex> lock(m);
                    hashes.push_back(std::move(h));
                }
            }
            catch(std::exception const& e)
            {
                std::lock_guard<std::mutex> lock(m);
                errors.push_back(e.what());
            }
        });
    for(auto& t : pool)
        t.join();
    CHECK(errors.empty());
    REQUIRE(hashes.size() == threads * per_thread);

    auto const after = verify();
    CHECK_FALSE(after.first_broken_id);
    CHECK(after.reason.empty());
    CHECK(after.entries == before.entries + threads * per_thread);
    CHECK(after.head == testing::scalar("select hash from audit_event order by id desc limit 1"));
    CHECK(testing::scalar("select count(*) = count(distinct prev_hash) from audit_event") == "t");
    // Each entry follows the one before it in id order, and time moves forward along the chain.
    CHECK(testing::scalar("select count(*) from (select prev_hash, lag(hash) over (order by id) as before,"
                          " at, lag(at) over (order by id) as at_before from audit_event) x"
                          " where before is not null and (prev_hash <> before or at < at_before)") == "0");
}

TEST_CASE("details with any letters, numbers and key order verify after a trip through jsonb", "[db][audit]")
{
    nlohmann::json detail = {
        {"zz", "last"},
        {"b", "an bɛ hɔrɔnya fɛ ߒ ߓߊ߯ 🇲🇱 «guillemets» \"quoted\" back\\slash tab\t line\nend \x01"},
        {"aa",
         {3, -7, 0.1, 2.5, 1e300, -0.0, 1e-7, 0.30000000000000004, 12345678901234567LL, std::numeric_limits<std::uint64_t>::max(),
          std::numeric_limits<std::int64_t>::min()}},
        {"nested", {{"y", nullptr}, {"x", true}, {"é", false}, {"", {}}}},
        {"nul", std::string("a\0b", 3)},
        {"bad utf-8", "\xff\xfe"},
    };
    auto const id = append_returning_id({"moderator:1", "edit", "contribution:9", detail});
    auto const r = verify();
    CHECK_FALSE(r.first_broken_id);
    CHECK(r.head == testing::scalar("select hash from audit_event where id = " + std::to_string(id)));
    CHECK(testing::scalar("select detail->'b' #>> '{}' from audit_event where id = " + std::to_string(id)) ==
          detail["b"].get<std::string>().substr(0, detail["b"].get<std::string>().size() - 1) + "\x01");
    CHECK(testing::scalar("select detail->>'nul' from audit_event where id = " + std::to_string(id)) == "a\xEF\xBF\xBD"
                                                                                                        "b");
}

TEST_CASE("an entry rolled back with its decision leaves the chain as it was", "[db][audit]")
{
    append({"moderator:2", "login", "", {}});
    auto const head = verify().head;
    {
        auto conn = store::connect(testing::database_url());
        pqxx::work tx(*conn);
        store::append_audit(tx, {"moderator:2", "transition", "contribution:1", {{"to", "rejected"}}});
        tx.abort();
    }
    CHECK(verify().head == head);
    auto const next = append({"moderator:2", "logout", "", {}});
    CHECK(testing::scalar("select prev_hash from audit_event order by id desc limit 1") == head);
    auto const r = verify();
    CHECK_FALSE(r.first_broken_id);
    CHECK(r.head == next);
    CHECK(testing::scalar("select subject is null from audit_event order by id desc limit 1") == "t");
}

TEST_CASE("changing one entry's action in SQL breaks the chain at exactly that entry", "[db][audit]")
{
    append({"moderator:3", "transition", "contribution:10", {{"to", "published"}}});
    auto const id = append_returning_id({"moderator:3", "transition", "contribution:11", {{"to", "rejected"}}});
    append({"moderator:3", "transition", "contribution:12", {{"to", "published"}}});
    REQUIRE_FALSE(verify().first_broken_id);
    auto const where = " where id = " + std::to_string(id);
    restore_after restore{"update audit_event set action = 'transition'" + where};
    testing::exec("update audit_event set action = 'archive'" + where);
    auto const r = verify();
    CHECK(r.first_broken_id == id);
    CHECK(r.reason.find("contents") != std::string::npos);
    CHECK(r.head == testing::scalar("select hash from audit_event where id = " + std::to_string(id - 1)));
}

TEST_CASE("changing one entry's detail, time or subject in SQL breaks the chain at that entry", "[db][audit]")
{
    auto const id =
        append_returning_id({"moderator:4", "transition", "contribution:20", {{"to", "rejected"}, {"reason", "insult"}}});
    append({"moderator:4", "transition", "contribution:21", {{"to", "published"}}});
    auto const where = " where id = " + std::to_string(id);
    auto const original = testing::scalar("select detail::text from audit_event" + where);
    auto const at = testing::scalar("select at::text from audit_event" + where);
    restore_after restore{"update audit_event set detail = " + quoted(original) + "::jsonb, at = " + quoted(at) +
                          "::timestamptz, subject = 'contribution:20'" + where};
    SECTION("detail") { testing::exec("update audit_event set detail = jsonb_set(detail, '{reason}', '\"spam\"')" + where); }
    SECTION("a key added to the detail") { testing::exec("update audit_event set detail = detail || '{\"note\": 1}'" + where); }
    SECTION("time, by one microsecond") { testing::exec("update audit_event set at = at + interval '1 microsecond'" + where); }
    SECTION("subject") { testing::exec("update audit_event set subject = 'contribution:22'" + where); }
    auto const r = verify();
    CHECK(r.first_broken_id == id);
}

TEST_CASE("deleting a middle entry breaks the chain at the one after it", "[db][audit]")
{
    append({"moderator:5", "transition", "contribution:30", {}});
    auto const middle = append_returning_id({"moderator:5", "transition", "contribution:31", {{"to", "spam"}}});
    auto const next = append_returning_id({"moderator:5", "transition", "contribution:32", {}});
    REQUIRE_FALSE(verify().first_broken_id);
    auto const where = " where id = " + std::to_string(middle);
    auto const saved = "insert into audit_event (id, at, actor, action, subject, detail, prev_hash, hash)"
                       " overriding system value select id, at, actor, action, subject, detail, prev_hash, hash"
                       " from audit_event_deleted";
    testing::exec("create table audit_event_deleted as select * from audit_event" + where);
    restore_after restore{std::string(saved) + "; drop table audit_event_deleted"};
    testing::exec("delete from audit_event" + where);
    auto const r = verify();
    CHECK(r.first_broken_id == next);
    CHECK(r.reason.find("entry " + std::to_string(middle - 1)) != std::string::npos);
}

TEST_CASE("a second entry after the same one is refused by the database", "[db][audit]")
{
    append({"moderator:6", "login", "", {}});
    auto conn = store::connect(testing::database_url());
    pqxx::work tx(*conn);
    CHECK_THROWS_AS(tx.exec("insert into audit_event (actor, action, prev_hash, hash)"
                            " select 'x', 'fork', prev_hash, 'f' from audit_event order by id desc limit 1"),
                    pqxx::unique_violation);
}

TEST_CASE("baro audit verify prints the head when intact and the broken entry otherwise", "[db][audit]")
{
    app::config cfg;
    cfg.database_url = testing::database_url();
    auto const run = [&cfg](int& code) {
        std::ostringstream out;
        auto* const old = std::cout.rdbuf(out.rdbuf());
        code = app::cmd_audit_verify(cfg);
        std::cout.rdbuf(old);
        return out.str();
    };
    auto const id = append_returning_id({"moderator:7", "erase", "sender:7f3a", {{"erased", 3}}});
    int code = -1;
    auto const intact = run(code);
    CHECK(code == 0);
    CHECK(intact == "audit chain intact: " + testing::scalar("select count(*) from audit_event") + " entries, head " +
                        testing::scalar("select hash from audit_event order by id desc limit 1") + "\n");

    auto const where = " where id = " + std::to_string(id);
    restore_after restore{"update audit_event set actor = 'moderator:7'" + where};
    testing::exec("update audit_event set actor = 'moderator:8'" + where);
    auto const broken = run(code);
    CHECK(code == 1);
    CHECK(broken.rfind("audit chain broken at entry " + std::to_string(id) + ": ", 0) == 0);
}
