#include "test_database.hpp"

#include "store/connection.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <future>

using namespace baro;

// A statement whose estimate crosses jit_above_cost is compiled before it runs: the duplicate grouper's
// round spent 100-270 ms compiling for 5 ms of work (docs/performance.md, "The duplicate grouper alone").
TEST_CASE("baro's connections never JIT-compile a statement", "[db][connection]")
{
    auto conn = store::connect(testing::database_url());
    pqxx::work tx(*conn);
    CHECK(tx.exec("show jit")[0][0].as<std::string>() == "off");
    // An estimate far above jit_above_cost (100,000 by default), and no JIT in its plan.
    auto const plan =
        tx.exec("explain (format json) select sum(i * 2) from generate_series(1, 100000000) i")[0][0].as<std::string>();
    CHECK(plan.find("\"Total Cost\"") != std::string::npos);
    CHECK(plan.find("JIT") == std::string::npos);
}

// The requests' pool runs short statements many at a time: a parallel plan's workers only wait for
// the 2 cores (docs/performance.md, "At 10,000,000 rows"). Connections of their own keep the default.
TEST_CASE("the requests' pool plans without parallel workers; other connections keep the default", "[db][connection]")
{
    store::database db(testing::database_url(), 1);
    std::promise<std::string> setting;
    REQUIRE(db.post([&](pqxx::connection_base* conn) {  // on a store thread: no assertion here
        if(! conn)
            return setting.set_value("no connection");
        pqxx::nontransaction tx(*conn);
        setting.set_value(tx.exec("show max_parallel_workers_per_gather")[0][0].as<std::string>());
    }));
    CHECK(setting.get_future().get() == "0");
    db.stop();

    auto own = store::connect(testing::database_url());
    pqxx::nontransaction tx(*own);
    CHECK(tx.exec("show max_parallel_workers_per_gather")[0][0].as<std::string>() != "0");
}
