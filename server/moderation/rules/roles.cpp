#include "moderation/rules/roles.hpp"

namespace baro::moderation {

std::optional<role> parse_role(std::string_view name)
{
    for(auto r : {role::analyst, role::moderator, role::admin})
        if(to_string(r) == name)
            return r;
    return std::nullopt;
}

std::string_view to_string(role r)
{
    switch(r)
    {
    case role::analyst: return "analyst";
    case role::moderator: return "moderator";
    case role::admin: return "admin";
    }
    return "analyst";
}

}  // namespace baro::moderation
