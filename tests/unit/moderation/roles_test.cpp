#include "moderation/rules/roles.hpp"

#include <catch2/catch.hpp>

using namespace baro::moderation;

TEST_CASE("each role may do what the roles below it may, and no more", "[moderation]")
{
    CHECK(includes(role::admin, role::moderator));
    CHECK(includes(role::moderator, role::analyst));
    CHECK(includes(role::moderator, role::moderator));
    CHECK_FALSE(includes(role::analyst, role::moderator));
    CHECK_FALSE(includes(role::moderator, role::admin));
}

TEST_CASE("roles are read and written by their stored names, and nothing else is a role", "[moderation]")
{
    for(auto r : {role::analyst, role::moderator, role::admin})
        CHECK(parse_role(to_string(r)) == r);
    CHECK_FALSE(parse_role("Admin"));
    CHECK_FALSE(parse_role(""));
    CHECK_FALSE(parse_role("root"));
}
