#include "test_database.hpp"

#include "store/exporter.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <thread>

using namespace baro;

namespace {

// Published rows enough that the COPY is still sending when the reader stops after the first.
std::int64_t export_consultation(int rows)
{
    auto const c = testing::new_consultation();
    testing::exec("insert into contribution (consultation_id, channel, external_id, raw, display_text, language,"
                  " status, published_at) select " +
                  std::to_string(c) + ", 'sms', 'x-" + std::to_string(c) +
                  "-' || g, 'raw',"
                  " 'avis ' || g || ' ' || repeat('la paix ', 100), 'fr', 'published', now()"
                  " from generate_series(1, " +
                  std::to_string(rows) + ") g");
    return c;
}

// COPY statements of the test database still open on the server.
int open_copies()
{
    return std::stoi(testing::scalar("select count(*) from pg_stat_activity where datname = current_database()"
                                     " and query ilike 'copy%' and pid <> pg_backend_pid()"));
}

// True once no COPY is left; a closed connection's backend leaves pg_stat_activity a moment later.
bool copies_gone()
{
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while(open_copies() != 0)
    {
        if(std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

TEST_CASE("an export stopped after its first row ends at once and leaves no COPY open", "[db][open-data]")
{
    auto const c = export_consultation(20000);
    store::exporter exports(testing::database_url(), {});
    auto slot = exports.reserve("192.0.2.1");
    REQUIRE(slot.ok());
    std::promise<status> done;
    int seen = 0;
    exports.run(
        std::move(*slot), c, [&seen](store::public_contribution const&) { return ++seen < 1; },
        [&done](status st) { done.set_value(st); });
    auto const st = done.get_future().get();
    CHECK(st.ok());
    CHECK(seen == 1);
    CHECK(copies_gone());
    CHECK(exports.running() == 0);
}

TEST_CASE("the exporter refuses a download beyond its slots (503) and beyond an address's share (429)", "[db][open-data]")
{
    auto const c = export_consultation(3);
    store::exporter exports(testing::database_url(), {2, 1});
    auto first = exports.reserve("192.0.2.1");
    REQUIRE(first.ok());
    auto same = exports.reserve("192.0.2.1");
    REQUIRE_FALSE(same.ok());
    CHECK(same.err().code == errc::too_many_requests);
    CHECK(same.err().message.find("at most 1") != std::string::npos);
    auto other = exports.reserve("192.0.2.2");
    REQUIRE(other.ok());
    auto third = exports.reserve("192.0.2.3");
    REQUIRE_FALSE(third.ok());
    CHECK(third.err().code == errc::unavailable);
    CHECK(exports.running() == 2);

    // A slot is given back when the download it was reserved for has finished.
    std::promise<status> done;
    int rows = 0;
    exports.run(
        std::move(*first), c, [&rows](store::public_contribution const&) { return ++rows > 0; },
        [&done](status st) { done.set_value(st); });
    CHECK(done.get_future().get().ok());
    CHECK(rows == 3);
    CHECK(exports.running() == 1);
    CHECK(exports.reserve("192.0.2.1").ok());
}
