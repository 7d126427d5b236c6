#include "test_database.hpp"

#include "ingest/reindex_jobs.hpp"
#include "ingest/text_fields.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <thread>

using namespace baro;

namespace {

std::shared_ptr<store::catalog const> loaded_catalog()
{
    auto catalog = store::load_catalog(testing::database_url());
    REQUIRE(catalog.ok());
    ingest::prepare_catalog(*catalog);
    return std::make_shared<store::catalog const>(std::move(*catalog));
}

// Waits for the job to end, as a condition: a busy machine may take its time.
ingest::reindex_progress finished(ingest::reindex_jobs const& jobs, std::int64_t id)
{
    auto const give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for(;;)
    {
        auto p = jobs.status(id);
        if(p.state != "running" || std::chrono::steady_clock::now() > give_up)
            return p;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

TEST_CASE("a finished re-run's thread is joined when the next job starts, not held until shutdown", "[db][ingest]")
{
    auto const a = testing::new_consultation();
    auto const b = testing::new_consultation();
    testing::exec("insert into contribution (consultation_id, channel, external_id, raw, display_text) values (" +
                  std::to_string(a) + ", 'web', 'reap-a', 'La sécurité', 'La sécurité'), (" + std::to_string(b) +
                  ", 'web', 'reap-b', 'Lakana', 'Lakana')");
    auto const catalog = loaded_catalog();
    ingest::reindex_jobs jobs(testing::database_url());

    REQUIRE(jobs.start(catalog, a));
    CHECK(finished(jobs, a).state == "finished");
    CHECK(jobs.threads_held() == 1);  // finished, not yet reaped

    REQUIRE(jobs.start(catalog, b));
    CHECK(jobs.threads_held() == 1);  // a's thread was joined; b's runs or waits to be reaped
    CHECK(finished(jobs, b).state == "finished");

    for(int i = 0; i < 5; ++i)  // one consultation re-run again and again holds one thread
    {
        REQUIRE(jobs.start(catalog, a));
        CHECK(jobs.threads_held() == 1);
        auto const p = finished(jobs, a);
        CHECK(p.state == "finished");
        CHECK(p.done == 1);
    }
}
