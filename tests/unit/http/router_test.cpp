#include "http/router.hpp"

#include <catch2/catch.hpp>

using namespace baro::http;

TEST_CASE("the router captures parameters and prefers literal segments", "[http]")
{
    router r;
    auto const form = r.add("GET", "/c/{slug}");
    auto const thanks = r.add("GET", "/c/{slug}/merci");
    auto const post = r.add("POST", "/c/{slug}");
    auto const results = r.add("GET", "/c/{slug}/resultats");
    auto const literal = r.add("GET", "/c/special");

    auto m = r.match("GET", "/c/matransition");
    REQUIRE(m.outcome == route_match::kind::found);
    CHECK(m.index == form);
    CHECK(m.params.at("slug") == "matransition");
    CHECK(r.match("GET", "/c/x/merci").index == thanks);
    CHECK(r.match("POST", "/c/x").index == post);
    CHECK(r.match("GET", "/c/x/resultats").index == results);
    CHECK(r.match("GET", "/c/special").index == literal);
    CHECK(r.match("GET", "/c/x/").index == form);
}

TEST_CASE("an unknown path is not found and a known path with another method is 405 with Allow", "[http]")
{
    router r;
    r.add("GET", "/c/{slug}");
    r.add("POST", "/c/{slug}");
    CHECK(r.match("GET", "/nothing").outcome == route_match::kind::not_found);
    CHECK(r.match("GET", "/c/a/b/c").outcome == route_match::kind::not_found);
    auto const m = r.match("DELETE", "/c/x");
    CHECK(m.outcome == route_match::kind::method_not_allowed);
    CHECK(m.allow == "GET, POST");
}

TEST_CASE("parameters are percent-decoded and a rest parameter never climbs out", "[http]")
{
    router r;
    r.add("GET", "/c/{slug}");
    r.add("GET", "/static/{path*}");
    CHECK(r.match("GET", "/c/ma%20transition").params.at("slug") == "ma transition");
    CHECK(r.match("GET", "/static/css/citizen.css").params.at("path") == "css/citizen.css");
    CHECK(r.match("GET", "/static/../secret").outcome == route_match::kind::not_found);
    CHECK(r.match("GET", "/static/%2e%2e/secret").outcome == route_match::kind::not_found);
    CHECK(r.match("GET", "/c/%zz").outcome == route_match::kind::not_found);
}

TEST_CASE("a target splits into path and query", "[http]")
{
    auto [p, q] = split_target("/c/x?lang=bm&a=1");
    CHECK(p == "/c/x");
    CHECK(q == "lang=bm&a=1");
    CHECK(split_target("/c/x").second.empty());
}

TEST_CASE("the moderator console and API are private paths, look-alikes are not", "[http][router]")
{
    CHECK(is_private_path("/mod"));
    CHECK(is_private_path("/mod/login"));
    CHECK(is_private_path("/api/v1/mod"));
    CHECK(is_private_path("/api/v1/mod/contributions/7/edit"));
    CHECK_FALSE(is_private_path("/moderation"));
    CHECK_FALSE(is_private_path("/api/v1/models"));
    CHECK_FALSE(is_private_path("/c/demo"));
    CHECK_FALSE(is_private_path("/"));
}
