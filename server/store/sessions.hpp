#pragma once
#include "core/result.hpp"
#include "moderation/rules/login_throttle.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

class database;

/// A session ends after this long without a request, and in any case this long after login.
constexpr auto session_idle = std::chrono::minutes(30);
constexpr auto session_absolute = std::chrono::hours(12);

struct moderator_info
{
    std::int64_t id = 0;
    std::string email;
    std::string role;                   ///< admin, moderator, analyst
    bool totp_confirmed = false;        ///< a second factor is enrolled and required
    bool must_change_password = false;  ///< the one-time password from `baro user add` is still in use
    bool must_enrol_totp = false;       ///< an admin requires a second factor and none is enrolled yet
};

struct session_info
{
    moderator_info who;
    std::string csrf;  ///< the token every state-changing request must carry
};

struct login_request
{
    std::string email, password, code;  ///< code: TOTP or a recovery code, when enrolled
    std::string address;                ///< the client's address, for throttling
    std::string identifier_tag;         ///< moderation::login_identifier_tag of the e-mail: audited
                                        ///< instead of the typed text when no account matches
};

/// Checks a password against its stored hash (argon2id); runs on a store thread. Given an empty
/// hash (no such account) it must spend the same time and answer false.
using password_check = std::function<bool(std::string const& password, std::string const& hash)>;
/// Checks a TOTP code: the time step it matched (greater than last_step), or nullopt.
using totp_check =
    std::function<std::optional<std::int64_t>(std::string const& secret, std::string const& code, std::int64_t last_step)>;
/// The SHA-256 of a recovery code as stored.
using recovery_hash = std::function<std::string(std::string const& code)>;

struct login_result
{
    std::string token;  ///< for the cookie; only its hash is stored
    session_info session;
};

/// Logs in. Throttled by `policy` per (account, address), per address and per account except at the
/// account's known addresses (errc::too_many_requests): each attempt is counted under a row lock
/// before its password is checked, so parallel attempts cannot exceed a limit, and throttled
/// attempts are counted but not audited. One message for every wrong e-mail/password
/// (errc::unauthorized, no account enumeration); with a second factor enrolled, a missing, wrong or
/// already used code is errc::unauthorized with field "code" and key "code_needed" or "code_wrong"
/// (a code's step is claimed with a conditional update, so one code opens one session). A failed
/// attempt's audit entry names the account, or holds only req.identifier_tag. Creates the session.
void login(database& db, login_request req, password_check check_password, totp_check check_totp, recovery_hash hash_recovery,
           moderation::throttle_policy const& policy, std::function<void(result<login_result>)> done);

/// Hashes a new password (argon2id); runs on a store thread.
using password_hash_fn = std::function<std::string(std::string const& password)>;

/// Replaces the session owner's password after checking the current one (errc::unauthorized, field
/// "current"; each check counted by the login throttle of this account and `address`, so guesses get
/// errc::too_many_requests like logins), clears must_change_password and ends the owner's other sessions.
void change_password(database& db, std::string token, std::string current, std::string chosen, std::string address,
                     password_check check_password, password_hash_fn hash_password, moderation::throttle_policy const& policy,
                     std::function<void(status)> done);

/// The live session of a cookie token (sliding idle expiry), or errc::unauthorized.
void find_session(database& db, std::string token, std::function<void(result<session_info>)> done);

/// Ends one session, or every session of its moderator.
void logout(database& db, std::string token, bool everywhere, std::function<void(status)> done);

/// TOTP enrolment: stores a new (unconfirmed) secret; confirm() checks a first code, marks it
/// required and stores the hashed recovery codes.
void totp_begin(database& db, std::int64_t moderator_id, std::string secret, std::function<void(status)> done);
void totp_confirm(database& db, std::int64_t moderator_id, std::string code, totp_check check,
                  std::vector<std::string> recovery_hashes, std::function<void(status)> done);

}  // namespace baro::store
