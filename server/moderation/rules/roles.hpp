#pragma once
#include <optional>
#include <string_view>

namespace baro::moderation {

/// What a console account may do; each role may do everything the roles before it may.
enum class role
{
    analyst,    ///< reads the queue and the audit log
    moderator,  ///< also claims, decides, edits, blocks and erases
    admin,      ///< also manages accounts
};

/// The role named `name` ("admin", "moderator", "analyst"), or nullopt. Pure.
std::optional<role> parse_role(std::string_view name);

/// The role's name as stored and shown. Pure.
std::string_view to_string(role r);

/// True when an account of role `have` may do what `need` may. Pure.
constexpr bool includes(role have, role need) { return static_cast<int>(have) >= static_cast<int>(need); }

}  // namespace baro::moderation
