#pragma once
// What the server does with typed credentials before they reach the database. Pure.
#include <cstddef>
#include <string>
#include <string_view>

namespace baro::moderation {

/// Longest e-mail address (RFC 5321 path limit); anything longer is not an account's.
constexpr std::size_t max_email_bytes = 254;
/// A chosen password is at least this many characters (code points), at most this many bytes.
constexpr std::size_t min_password_chars = 12;
constexpr std::size_t max_password_bytes = 1024;

/// The form e-mails are stored and compared in: surrounding whitespace removed, ASCII letters in
/// lower case (PostgreSQL's lower() agrees on them), cut at max_email_bytes.
std::string normalise_email(std::string_view typed);

/// What a failed login records instead of the typed e-mail: 16 hex characters of
/// HMAC-SHA256(key, normalised e-mail). The same typing gives the same tag (attempts can be
/// correlated); a password typed in the wrong field is not readable from it.
std::string login_identifier_tag(std::string_view key, std::string_view typed_email);

/// Why a new password is refused, as an i18n key ("mod.password.too_short", "…too_long",
/// "…mismatch", "…unchanged"), or "" when it is acceptable.
std::string new_password_problem(std::string_view current, std::string_view chosen, std::string_view repeated);

}  // namespace baro::moderation
