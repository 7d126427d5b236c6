#pragma once
#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::moderation {

/// What a moderator can do to a contribution's status.
/// new → published | rejected (with a reason) | spam | duplicate (of another) | archived;
/// published → unpublished; rejected, spam, duplicate, archived, unpublished → new (reopen).
struct decision
{
    std::string action;          ///< publish, reject, spam, duplicate, archive, unpublish, reopen
    std::string reason;          ///< for reject: one of reject_reasons()
    long long duplicate_of = 0;  ///< for duplicate: the contribution it repeats
};

/// The reasons a rejection may give (shown to moderators translated, counted on the transparency page).
std::vector<std::string> const& reject_reasons();

/// Every action name, in the order the console shows them.
std::vector<std::string> const& actions();

/// The status after `d` applies to a contribution in `status`: errc::conflict for a transition the
/// workflow forbids, errc::unprocessable for a missing or unknown reason or duplicate target. Pure.
result<std::string> next_status(std::string_view status, decision const& d);

}  // namespace baro::moderation
