#pragma once
#include "core/result.hpp"

#include <cstdint>
#include <string>

namespace baro::store {

/// Creates a moderator account; errc::conflict when the e-mail is taken.
result<std::int64_t> create_account(std::string const& url, std::string const& email, std::string const& role,
                                    std::string const& password_hash);

/// Replaces an existing account's password (used to re-issue a one-time password); errc::not_found if none.
status reset_password(std::string const& url, std::string const& email, std::string const& password_hash);

}  // namespace baro::store
