#include "test_database.hpp"

#include "core/crypto.hpp"
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <future>
#include <thread>

using namespace baro;

namespace {

store::contribution_row row(std::int64_t consultation, std::string external_id, std::string text)
{
    store::contribution_row r;
    r.consultation_id = consultation;
    r.channel = "web";
    r.external_id = std::move(external_id);
    r.raw = text;
    r.display_text = std::move(text);
    r.suggested_themes = {"securite"};
    return r;
}

result<store::insert_outcome> submit_and_wait(store::contribution_writer& w, store::contribution_row r)
{
    std::promise<result<store::insert_outcome>> p;
    auto f = p.get_future();
    w.submit(std::move(r), [&p](result<store::insert_outcome> o) { p.set_value(std::move(o)); });
    return f.get();
}

}  // namespace

TEST_CASE("a stored contribution is readable afterwards with its letters intact", "[db][store]")
{
    auto const c = testing::new_consultation();
    store::contribution_writer w(testing::database_url());
    std::string const text = "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ. ߒ ߓߊ߯";
    auto const r = submit_and_wait(w, row(c, "bytes-1", text));
    REQUIRE(r.ok());
    CHECK_FALSE(r->duplicate);
    CHECK(testing::scalar("select display_text from contribution where id = " + std::to_string(r->id)) == text);
    CHECK(testing::scalar("select suggested_themes::text from contribution where id = " + std::to_string(r->id)) == "{securite}");
}

TEST_CASE("a replayed external id stores nothing new and reports the first row", "[db][store]")
{
    auto const c = testing::new_consultation();
    store::contribution_writer w(testing::database_url());
    auto const first = submit_and_wait(w, row(c, "replay-1", "Bonjour"));
    auto const again = submit_and_wait(w, row(c, "replay-1", "Bonjour"));
    auto const other = submit_and_wait(w, row(c, "replay-1", "Autre chose"));
    REQUIRE(first.ok());
    REQUIRE(again.ok());
    REQUIRE(other.ok());
    CHECK(again->duplicate);
    CHECK(again->id == first->id);
    CHECK(again->same_raw);
    CHECK_FALSE(other->same_raw);
    CHECK(testing::scalar("select count(*) from contribution where external_id = 'replay-1'") == "1");
}

TEST_CASE("1,000 rows from 8 threads land exactly once, in few transactions", "[db][store]")
{
    auto const c = testing::new_consultation();
    store::contribution_writer w(testing::database_url());
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    std::mutex m;
    std::condition_variable cv;
    int finished = 0;
    for(int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for(int i = 0; i < 125; ++i)
                w.submit(row(c, "conc-" + std::to_string(t) + "-" + std::to_string(i), "texte " + std::to_string(i)),
                         [&](result<store::insert_outcome> r) {
                             if(r.ok() && ! r->duplicate)
                                 ++ok;
                             std::lock_guard lock(m);
                             ++finished;
                             cv.notify_all();
                         });
        });
    for(auto& t : threads)
        t.join();
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return finished == 1000; });
    CHECK(ok == 1000);
    CHECK(testing::scalar("select count(*) from contribution where external_id like 'conc-%' and consultation_id = " +
                          std::to_string(c)) == "1000");
    CHECK(w.batches() < 1000);  // group commit: many rows share a transaction
}

TEST_CASE("an unreachable database answers unavailable, never success", "[db][store]")
{
    store::contribution_writer w("postgresql://baro@127.0.0.1:1/none");
    auto const r = submit_and_wait(w, row(1, "never", "x"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::unavailable);
}

TEST_CASE("the catalog holds consultations with their themes and lexicons", "[db][store]")
{
    auto const c = testing::new_consultation();
    auto const cat = store::load_catalog(testing::database_url());
    REQUIRE(cat.ok());
    store::consultation_info const* found = nullptr;
    for(auto const& x : *cat)
        if(x.id == c)
            found = &x;
    REQUIRE(found);
    REQUIRE(found->themes.size() == 1);
    CHECK(found->themes[0].keywords_bm == std::vector<std::string>{"lakana"});
    CHECK(found->open());
}

TEST_CASE("a contribution at the length limit is stored: no index entry on the search key is too large", "[db][store]")
{
    auto const c = testing::new_consultation();
    store::contribution_writer writer(testing::database_url());
    std::string longest;
    for(int i = 0; i < 5000; ++i)
        longest += i % 7 ? "ɛ" : " ";  // 5,000 characters, ~8.6 KB of UTF-8
    auto r = row(c, "long-" + crypto::random_hex(4), longest);
    r.search_key = longest;
    std::promise<result<store::insert_outcome>> done;
    writer.submit(std::move(r), [&](result<store::insert_outcome> o) { done.set_value(std::move(o)); });
    auto const outcome = done.get_future().get();
    REQUIRE(outcome.ok());
    CHECK_FALSE(outcome->duplicate);
    writer.stop();
}
