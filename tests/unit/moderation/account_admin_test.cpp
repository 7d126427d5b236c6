#include "moderation/rules/account_admin.hpp"

#include <catch2/catch.hpp>

using namespace baro::moderation;

namespace {
account_facts admin(std::int64_t id) { return {id, role::admin, true}; }
std::string key_of(std::optional<account_refusal> const& r) { return r ? r->key : ""; }
}  // namespace

TEST_CASE("the last enabled admin can be neither disabled nor demoted", "[moderation][accounts]")
{
    CHECK(key_of(account_refusal_of(1, admin(2), account_action::disable, std::nullopt, 1)) == "last_admin");
    CHECK(key_of(account_refusal_of(1, admin(2), account_action::change_role, role::moderator, 1)) == "last_admin");
    CHECK(key_of(account_refusal_of(1, admin(2), account_action::change_role, role::analyst, 0)) == "last_admin");
}

TEST_CASE("an admin with another enabled admin beside it can be disabled or demoted", "[moderation][accounts]")
{
    CHECK_FALSE(account_refusal_of(1, admin(2), account_action::disable, std::nullopt, 2));
    CHECK_FALSE(account_refusal_of(1, admin(2), account_action::change_role, role::moderator, 2));
}

TEST_CASE("keeping an admin an admin, or re-enabling, signing out or resetting its TOTP, never trips the last-admin rule",
          "[moderation][accounts]")
{
    CHECK_FALSE(account_refusal_of(1, admin(2), account_action::change_role, role::admin, 1));
    CHECK_FALSE(account_refusal_of(1, admin(2), account_action::sign_out, std::nullopt, 1));
    CHECK_FALSE(account_refusal_of(1, admin(2), account_action::reset_totp, std::nullopt, 1));
    CHECK_FALSE(account_refusal_of(1, {2, role::admin, false}, account_action::enable, std::nullopt, 1));
}

TEST_CASE("a disabled admin or a moderator does not count as the last admin", "[moderation][accounts]")
{
    CHECK_FALSE(account_refusal_of(1, {2, role::admin, false}, account_action::change_role, role::analyst, 1));
    CHECK_FALSE(account_refusal_of(1, {2, role::moderator, true}, account_action::disable, std::nullopt, 1));
}

TEST_CASE("the only admin demoting themselves hears that they are the last admin", "[moderation][accounts]")
{
    CHECK(key_of(account_refusal_of(7, admin(7), account_action::change_role, role::moderator, 1)) == "last_admin");
}

TEST_CASE("an admin cannot disable or demote their own account, even with other admins", "[moderation][accounts]")
{
    CHECK(key_of(account_refusal_of(7, admin(7), account_action::disable, std::nullopt, 3)) == "self_lockout");
    CHECK(key_of(account_refusal_of(7, admin(7), account_action::change_role, role::moderator, 3)) == "self_lockout");
    CHECK_FALSE(account_refusal_of(7, admin(7), account_action::sign_out, std::nullopt, 1));
    CHECK_FALSE(account_refusal_of(7, admin(7), account_action::reset_totp, std::nullopt, 1));
}

TEST_CASE("account actions are read and written by their URL segments, and nothing else is one", "[moderation][accounts]")
{
    for(auto a : {account_action::change_role, account_action::disable, account_action::enable, account_action::reset_totp,
                  account_action::sign_out})
    {
        CHECK(parse_account_action(to_string(a)) == a);
        CHECK(audit_action(a).substr(0, 8) == "account_");
    }
    CHECK_FALSE(parse_account_action("delete"));
    CHECK_FALSE(parse_account_action("Disable"));
    CHECK_FALSE(parse_account_action(""));
}

TEST_CASE("an invitation's e-mail must look like one address", "[moderation][accounts]")
{
    CHECK(invite_email_problem("awa@baro.ml").empty());
    CHECK(invite_email_problem("Awa.Traore@Benbere.org").empty());
    CHECK_FALSE(invite_email_problem("").empty());
    CHECK_FALSE(invite_email_problem("awa").empty());
    CHECK_FALSE(invite_email_problem("@baro.ml").empty());
    CHECK_FALSE(invite_email_problem("awa@").empty());
    CHECK_FALSE(invite_email_problem("a@b@c").empty());
    CHECK_FALSE(invite_email_problem("awa @baro.ml").empty());
    CHECK_FALSE(invite_email_problem(std::string(250, 'a') + "@b.ml").empty());
}
