#include "http/response.hpp"

#include <catch2/catch.hpp>

TEST_CASE("a Content-Type names its media type exactly, in any case, with or without parameters", "[http]")
{
    using baro::http::media_type_is;
    CHECK(media_type_is("application/json", "application/json"));
    CHECK(media_type_is("Application/JSON; charset=utf-8", "application/json"));
    CHECK(media_type_is(" application/json ;charset=UTF-8", "application/json"));
    CHECK_FALSE(media_type_is("application/jsonx", "application/json"));
    CHECK_FALSE(media_type_is("application/json-patch+json", "application/json"));
    CHECK_FALSE(media_type_is("", "application/json"));
    CHECK(media_type_is("application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded"));
}
