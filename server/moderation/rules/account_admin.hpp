#pragma once
// What an admin may do to a console account, decided before anything is written. Pure.
#include "moderation/rules/roles.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baro::moderation {

/// An admin's action on one account (the last segment of its URL).
enum class account_action
{
    change_role,  ///< "role"
    disable,      ///< "disable": no login, every session ended
    enable,       ///< "enable"
    reset_totp,   ///< "totp-reset": the second factor removed, a new enrolment required at the next login
    sign_out,     ///< "sign-out": every session ended
};

/// The action named by `segment`, or nullopt. Pure.
std::optional<account_action> parse_account_action(std::string_view segment);

/// The action's URL segment. Pure.
std::string_view to_string(account_action a);

/// The audit action that records `a` ("account_role_changed", …). Pure.
std::string_view audit_action(account_action a);

/// The target account as read under the accounts lock.
struct account_facts
{
    std::int64_t id = 0;
    std::optional<role> current;  ///< nullopt: a stored role this server does not know
    bool active = true;           ///< not disabled
};

/// Why an action is refused: a machine key ("last_admin", "self_lockout") and the sentence shown.
struct account_refusal
{
    std::string key;
    std::string message;
};

/// Why `actor_id` may not apply `a` (with `new_role` for change_role) to `target` while
/// `active_admins` enabled admin accounts exist, or nullopt when it may. An admin never disables or
/// demotes their own account (another admin must), and the last enabled admin is never disabled or
/// demoted. Pure.
std::optional<account_refusal> account_refusal_of(std::int64_t actor_id, account_facts const& target, account_action a,
                                                  std::optional<role> new_role, std::int64_t active_admins);

/// Why an invitation's e-mail is unusable (a sentence), or "" when it looks like an address: one
/// '@' with text on both sides, no whitespace or control characters, at most max_email_bytes. Pure.
std::string invite_email_problem(std::string_view email);

}  // namespace baro::moderation
