#include "moderation/rules/account_admin.hpp"

#include "moderation/rules/credentials.hpp"

namespace baro::moderation {

namespace {

struct action_name
{
    account_action action;
    std::string_view segment, audit;
};

constexpr action_name names[] = {
    {account_action::change_role, "role", "account_role_changed"},
    {account_action::disable, "disable", "account_disabled"},
    {account_action::enable, "enable", "account_enabled"},
    {account_action::reset_totp, "totp-reset", "account_totp_reset"},
    {account_action::sign_out, "sign-out", "account_signed_out"},
};

bool removes_admin(account_facts const& target, account_action a, std::optional<role> new_role)
{
    if(! target.active || target.current != role::admin)
        return false;
    return a == account_action::disable || (a == account_action::change_role && new_role != role::admin);
}

}  // namespace

std::optional<account_action> parse_account_action(std::string_view segment)
{
    for(auto const& n : names)
        if(n.segment == segment)
            return n.action;
    return std::nullopt;
}

std::string_view to_string(account_action a)
{
    for(auto const& n : names)
        if(n.action == a)
            return n.segment;
    return "";
}

std::string_view audit_action(account_action a)
{
    for(auto const& n : names)
        if(n.action == a)
            return n.audit;
    return "";
}

std::optional<account_refusal> account_refusal_of(std::int64_t actor_id, account_facts const& target, account_action a,
                                                  std::optional<role> new_role, std::int64_t active_admins)
{
    bool const locks_out = a == account_action::disable || (a == account_action::change_role && new_role != role::admin);
    if(removes_admin(target, a, new_role) && active_admins <= 1)
        return account_refusal{"last_admin",
                               "This is the last enabled admin account: make another account admin first."};
    if(target.id == actor_id && locks_out)
        return account_refusal{"self_lockout", "You cannot disable or demote your own account; ask another admin."};
    return std::nullopt;
}

std::string invite_email_problem(std::string_view email)
{
    if(email.empty())
        return "Give the e-mail address of the person you invite.";
    if(email.size() > max_email_bytes)
        return "An e-mail address has at most " + std::to_string(max_email_bytes) + " bytes.";
    for(char c : email)
        if(static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
            return "An e-mail address has no spaces or control characters.";
    auto const at = email.find('@');
    if(at == std::string_view::npos || at == 0 || at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos)
        return "An e-mail address has one @ with text on both sides.";
    return "";
}

}  // namespace baro::moderation
