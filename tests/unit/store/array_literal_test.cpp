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
