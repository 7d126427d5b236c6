#include "store/array_literal.hpp"

#include <catch2/catch.hpp>

using baro::store::text_array_literal;

TEST_CASE("a text[] literal quotes every element and escapes quotes and backslashes", "[store]")
{
    CHECK(text_array_literal({}) == "{}");
    CHECK(text_array_literal({"sante", "lakana"}) == R"({"sante","lakana"})");
    CHECK(text_array_literal({"a,b", "{x}", "NULL"}) == R"({"a,b","{x}","NULL"})");
    CHECK(text_array_literal({R"(say "hi")", R"(c:\)"}) == R"({"say \"hi\"","c:\\"})");
    CHECK(text_array_literal({"sɛnɛ"}) == "{\"sɛnɛ\"}");
}

TEST_CASE("an array literal built by element writes NULL and numbers bare and text quoted", "[store]")
{
    using baro::store::array_literal;
    CHECK(array_literal().str() == "{}");
    CHECK(array_literal().number(-7).null().number(42).str() == "{-7,NULL,42}");
    CHECK(array_literal().text("NULL").null().text("").str() == R"({"NULL",NULL,""})");
    CHECK(array_literal().boolean(true).boolean(false).str() == "{t,f}");
    // A row's themes travel as one text element holding their own literal, cast back to text[] by PostgreSQL.
    CHECK(array_literal().text(baro::store::text_array_literal({"securite", R"(a"b)"})).str() ==
          R"({"{\"securite\",\"a\\\"b\"}"})");
}
