#pragma once
#include "core/result.hpp"

#include <cstdint>
#include <string>

namespace baro::store {

/// Creates a moderator account whose one-time password must be changed at the first login;
/// errc::conflict when the e-mail is taken, whatever its case.
result<std::int64_t> create_account(std::string const& url, std::string const& email, std::string const& role,
                                    std::string const& password_hash);

/// What `baro user add --reset` asks for.
struct account_reset
{
    std::string email;          ///< compared case-insensitively
    std::string password_hash;  ///< of the new one-time password
    bool reset_totp = false;    ///< also remove the second factor and its recovery codes
    std::string role = {};      ///< when not empty, refused (errc::conflict) unless the stored role is this
};

/// What a reset did.
struct reset_outcome
{
    std::int64_t id = 0;
    std::string email;  ///< as stored
    std::string role;   ///< as stored: a reset never changes it
    std::int64_t sessions_ended = 0;
    bool totp_removed = false;
};

/// Re-issues a one-time password: replaces the hash, requires a change at the next login, ends every
/// session, clears the account's login throttle, optionally removes the second factor, and records
/// it all in the audit; errc::not_found when no account has this e-mail.
result<reset_outcome> reset_account(std::string const& url, account_reset const& r);

}  // namespace baro::store
