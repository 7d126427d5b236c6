#pragma once
// The accounts page of the console (/mod/admin/accounts): the list with one form per action, and the
// invitation form. Plain forms posted with the session's CSRF token: it works without JavaScript.
#include "http/i18n.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace baro::http {

/// What the page says above the list: a confirmation, a refusal, or an invitation's one-time password.
struct accounts_notice
{
    std::string error_key;          ///< i18n key of a refusal; "" when none
    std::string done_key;           ///< i18n key of a confirmation; "" when none
    std::string invited_email;      ///< with one_time_password: the account just invited
    std::string one_time_password;  ///< shown this once, never stored in clear
};

/// The whole page for `lang`, from list_accounts' JSON; `self_id` is the admin looking at it. Pure.
std::string accounts_page(messages const& m, std::string_view lang, nlohmann::json const& list, std::string const& csrf,
                          std::int64_t self_id, accounts_notice const& notice);

}  // namespace baro::http
