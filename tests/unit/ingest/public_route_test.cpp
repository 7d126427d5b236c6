#include "ingest/public_route.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::ingest;

namespace {

store::catalog two_consultations()
{
    store::catalog c(2);
    c[0].id = 1;
    c[0].recipients = {"facebook:page:55", "x:account:2244994945"};
    c[1].id = 2;
    c[1].recipients = {"facebook:post:55_9", "x:hashtag:#MaTransition"};
    return c;
}

}  // namespace

TEST_CASE("a public post goes to the consultation of its most specific route", "[ingest][social]")
{
    auto const c = two_consultations();
    CHECK(route_public_post(c, {"facebook:post:55_9", "facebook:page:55"})->id == 2);
    CHECK(route_public_post(c, {"facebook:post:55_10", "facebook:page:55"})->id == 1);
    CHECK(route_public_post(c, {"x:hashtag:matransition", "x:account:2244994945"})->id == 2);
    CHECK(route_public_post(c, {"x:account:2244994945"})->id == 1);
}

TEST_CASE("a public post no consultation names goes to the unrouted inbox, even with one open", "[ingest][social]")
{
    auto c = two_consultations();
    CHECK(route_public_post(c, {"facebook:page:56"}) == nullptr);
    c.pop_back();
    CHECK(route_public_post(c, {"instagram:account:1"}) == nullptr);
    c[0].status = moderation::phase::closed;
    CHECK(route_public_post(c, {"facebook:page:55"}) == nullptr);
}

TEST_CASE("hashtags match without their # and regardless of case; ids match exactly", "[ingest][social]")
{
    CHECK(names_route("x:hashtag:MaTransition", "x:hashtag:matransition"));
    CHECK(names_route("X:HASHTAG:#matransition", "x:hashtag:matransition"));
    CHECK_FALSE(names_route("x:hashtag:MaTransitions", "x:hashtag:matransition"));
    CHECK_FALSE(names_route("facebook:page:55", "facebook:page:550"));
    CHECK_FALSE(names_route("FACEBOOK:PAGE:55", "facebook:page:55"));
}
