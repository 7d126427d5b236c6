#include "store/connection.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using store::sql_failure;

TEST_CASE("a row's data refused by the database is the row's fault, not the database's", "[store]")
{
    CHECK(store::classify_sqlstate("22P05") == sql_failure::data);  // \u0000 in JSON text
    CHECK(store::classify_sqlstate("22021") == sql_failure::data);  // character not in repertoire
    CHECK(store::classify_sqlstate("23503") == sql_failure::data);  // foreign key
    CHECK(store::classify_sqlstate("23514") == sql_failure::data);  // check constraint
}

TEST_CASE("a database that is down, busy or rolled back asks for a retry", "[store]")
{
    CHECK(store::classify_sqlstate("57P01") == sql_failure::not_ready);
    CHECK(store::classify_sqlstate("53300") == sql_failure::not_ready);
    CHECK(store::classify_sqlstate("08006") == sql_failure::not_ready);
    CHECK(store::classify_sqlstate("40001") == sql_failure::transient);
    CHECK(store::classify_sqlstate("40P01") == sql_failure::transient);
}

TEST_CASE("any other SQLSTATE, or none, is neither data nor a retry", "[store]")
{
    CHECK(store::classify_sqlstate("42P01") == sql_failure::other);
    CHECK(store::classify_sqlstate("") == sql_failure::other);
    CHECK(store::classify_sqlstate("2") == sql_failure::other);
}
