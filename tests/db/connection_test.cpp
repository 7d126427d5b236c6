#include "test_database.hpp"

#include "store/connection.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

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
