#include "test_database.hpp"

#include "core/embedded.hpp"
#include "store/migrations.hpp"

#include <catch2/catch.hpp>

using namespace baro;

TEST_CASE("migrations apply to an empty database and a second run changes nothing", "[db][store]")
{
    auto const& url = testing::database_url();  // created and migrated once
    CHECK(testing::scalar("select count(*) from schema_migrations") == std::to_string(embedded::migrations().size()));
    auto const tables_before = testing::scalar("select count(*) from information_schema.tables where table_schema = 'public'");
    auto again = store::migrate(url);
    REQUIRE(again.ok());
    CHECK(again->applied.empty());
    CHECK(again->already == embedded::migrations().size());
    CHECK(testing::scalar("select count(*) from information_schema.tables where table_schema = 'public'") == tables_before);
    CHECK(testing::scalar("select count(*) from pg_extension where extname = 'pg_trgm'") == "1");
}

TEST_CASE("a migration changed after it was applied is refused", "[db][store]")
{
    auto const& url = testing::database_url();
    auto const checksum = testing::scalar("select checksum from schema_migrations where name = '001_init'");
    testing::exec("update schema_migrations set checksum = 'tampered' where name = '001_init'");
    auto r = store::migrate(url);
    testing::exec("update schema_migrations set checksum = '" + checksum + "' where name = '001_init'");
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::conflict);
    CHECK(r.err().message.find("001_init") != std::string::npos);
    CHECK(store::migrate(url).ok());
}
