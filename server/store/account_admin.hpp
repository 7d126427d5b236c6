#pragma once
// Accounts administered by admins from the console (issue #11): the list, invitations, and the
// changes of moderation/rules/account_admin.hpp, each recorded in the audit chain.
#include "core/result.hpp"
#include "moderation/rules/account_admin.hpp"
#include "store/sessions.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace baro::store {

class database;

/// Every account, oldest first: {"accounts": [{id, email, role, state ("active", "invited",
/// "disabled"), totp, must_enrol_totp, last_login_at (or null), created_at, version}]}.
void list_accounts(database& db, std::function<void(result<nlohmann::json>)> done);

/// An invitation: the account is created with a one-time password that must be changed, and a second
/// factor that must be enrolled, at the first login.
struct invitation
{
    moderator_info by;
    std::string email;          ///< as typed; stored normalised
    moderation::role role;
    std::string one_time_password;  ///< shown once to the admin; only its hash is stored
};

/// Creates the invited account (as list_accounts shows it), hashing the one-time password with `hash`
/// on the store thread; errc::conflict (field "email") when the e-mail is taken, whatever its case.
void invite_account(database& db, invitation inv, password_hash_fn hash, std::function<void(result<nlohmann::json>)> done);

/// One admin action on one account.
struct account_change
{
    moderator_info by;
    std::int64_t id = 0;
    moderation::account_action action = moderation::account_action::sign_out;
    std::optional<moderation::role> new_role;  ///< change_role only
    std::optional<std::int64_t> version;       ///< the version the admin saw; required for role and disable/enable
};

/// Applies `c` under one lock all account changes share, so the last-admin rule holds whatever runs
/// at once: errc::not_found, errc::conflict with key "version" when the account changed since
/// `c.version`, or with the rule's key ("last_admin", "self_lockout"). Answers the account as
/// list_accounts shows it, with "sessions_ended".
void change_account(database& db, account_change c, std::function<void(result<nlohmann::json>)> done);

}  // namespace baro::store
