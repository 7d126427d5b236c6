// Queue counts as appended deltas, folded after the commit (sql/035, store/count_folder): the counts a
// moderator reads stay those of a count from scratch while writers insert and decide and nodes fold.
#include "store/count_folder.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using namespace baro;

namespace {

// Rows of the kept counts plus deltas that differ from a count of the consultation's contributions.
std::string mismatches(std::string const& c)
{
    auto const diff = [](std::string const& kept, std::string const& fresh) {
        return "(select count(*) from (((" + fresh + ") except (" + kept + ")) union all ((" + kept + ") except (" + fresh +
               "))) x)";
    };
    return testing::scalar(
        "select " +
        diff("select channel, status, language, region, sum(n) from queue_counts where consultation_id = " + c +
                 " group by 1, 2, 3, 4 having sum(n) <> 0",
             "select channel, status, language, region, count(*) from contribution where consultation_id = " + c +
                 " group by 1, 2, 3, 4") +
        " + " +
        diff("select theme, status, sum(n) from queue_theme_counts where consultation_id = " + c +
                 " group by 1, 2 having sum(n) <> 0",
             "select t, status, count(*) from contribution, lateral (select distinct unnest(themes || suggested_themes))"
             " x(t) where consultation_id = " +
                 c + " group by 1, 2"));
}

void insert_batch(std::string const& c, int round)
{
    testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, language, region,"
                  " themes, suggested_themes) select " +
                  c + ", (array['web','sms'])[1 + g % 2], 'fold-" + c + "-" + std::to_string(round) +
                  "-' || g, 'Texte ' || g, (array['fr','bm'])[1 + g % 2], (array['kayes','gao',null])[1 + g % 3],"
                  " case when g % 3 = 0 then '{securite}'::text[] else '{}' end,"
                  " case when g % 2 = 0 then '{sante,eau}'::text[] else '{sante}' end from generate_series(1, 25) g");
}

std::string deltas_of(std::string const& c)
{
    return testing::scalar("select (select count(*) from queue_count_delta where consultation_id = " + c +
                           ") + (select count(*) from queue_theme_count_delta where consultation_id = " + c + ")");
}

}  // namespace

TEST_CASE("counts stay exact while two nodes fold and writers insert, decide and erase", "[db][counts]")
{
    auto const c = std::to_string(testing::new_consultation());
    std::atomic<bool> done{false};
    auto folding = [&] {  // no Catch2 assertion off the test's thread: a failed fold returns -1
        std::int64_t folded = 0;
        while(! done)
        {
            auto const n = store::fold_counts(testing::database_url());
            if(! n)
                return std::int64_t(-1);
            folded += *n;
        }
        return folded;
    };
    auto a = std::async(std::launch::async, folding);
    auto b = std::async(std::launch::async, folding);
    for(int round = 0; round < 30; ++round)
    {
        insert_batch(c, round);
        if(round % 3 == 2)
            testing::exec("update contribution set status = (array['published','spam','new'])[1 + id % 3]"
                          " where consultation_id = " +
                          c + " and external_id like 'fold-" + c + "-" + std::to_string(round - 1) + "-%'");
        if(round % 10 == 9)
            testing::exec("delete from contribution where consultation_id = " + c + " and external_id like 'fold-" + c + "-" +
                          std::to_string(round - 5) + "-%'");
        CHECK(mismatches(c) == "0");  // exact at every commit, whatever the folders have done
    }
    done = true;
    auto const folded_a = a.get();
    auto const folded_b = b.get();
    CHECK(folded_a >= 0);
    CHECK(folded_b >= 0);
    CHECK(folded_a + folded_b > 0);
    CHECK(mismatches(c) == "0");
    REQUIRE(store::fold_counts(testing::database_url()));
    CHECK(deltas_of(c) == "0");
    CHECK(mismatches(c) == "0");
    CHECK(testing::scalar("select count(*) from contribution where consultation_id = " + c) ==
          "675");  // 30 batches of 25, three of them erased
}

TEST_CASE("the count folder folds what writers append, and counts stay exact", "[db][counts]")
{
    auto const c = std::to_string(testing::new_consultation());
    insert_batch(c, 0);
    insert_batch(c, 1);
    REQUIRE(deltas_of(c) != "0");
    store::count_folder folder(testing::database_url(), std::chrono::milliseconds(20));
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while(deltas_of(c) != "0" && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(deltas_of(c) == "0");
    CHECK(mismatches(c) == "0");
    folder.stop();
    CHECK(folder.folded() > 0);
}
