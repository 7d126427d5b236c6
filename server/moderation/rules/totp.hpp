#pragma once
// Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch),
// the parameters every common authenticator app assumes, and single-use recovery codes. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::moderation {

/// Seconds per TOTP time step.
constexpr std::int64_t totp_step_seconds = 30;
/// Digits in a TOTP code.
constexpr int totp_digits = 6;

/// A fresh TOTP secret: 20 random bytes (the HMAC-SHA-1 key size), base32 without padding, upper case.
std::string new_totp_secret();

/// RFC 4648 base32 without padding, upper case.
std::string base32_encode(std::string_view bytes);
/// Bytes from RFC 4648 base32; case-insensitive, trailing '=' padding optional; nullopt on any other
/// character, an impossible length, or non-zero leftover bits.
std::optional<std::string> base32_decode(std::string_view text);

/// The 6-digit code for `unix_time`; "" when the secret is not valid base32.
std::string totp_code(std::string_view secret_base32, std::int64_t unix_time);

/// The time step `unix_time` falls in (floor division, so times before 1970 work too).
std::int64_t totp_step(std::int64_t unix_time);

/// The time step `code` matches among the current step and one either side (clock drift), provided it
/// is later than `last_used_step` (a code is good once); nullopt otherwise. Spaces in `code` are ignored
/// ("123 456"). Every candidate is compared in constant time. Store the returned step as the new
/// `last_used_step`.
std::optional<std::int64_t> totp_verify(std::string_view secret_base32, std::string_view code, std::int64_t unix_time,
                                        std::int64_t last_used_step);

/// The otpauth://totp/ URI an authenticator app reads from a QR code; issuer and account percent-encoded.
std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32);

/// `n` random recovery codes such as "k7dm-q2xa-9fhe": 12 characters (60 bits) from an alphabet without
/// look-alikes (no l, o, 0, 1), in three groups of four.
std::vector<std::string> new_recovery_codes(int n = 10);

/// Lower-case hex SHA-256 of a recovery code after normalising it (lower case, dashes and whitespace
/// removed), so codes are stored hashed and match however they are typed.
std::string hash_recovery_code(std::string_view code);

}  // namespace baro::moderation
