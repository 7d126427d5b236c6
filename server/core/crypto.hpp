#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace baro::crypto {

/// HMAC-SHA256 of `data` under `key`, as raw bytes (32).
std::string hmac_sha256(std::string_view key, std::string_view data);
/// HMAC-SHA1 of `data` under `key`, as raw bytes (20).
std::string hmac_sha1(std::string_view key, std::string_view data);
/// SHA-256 of `data`, as raw bytes (32).
std::string sha256(std::string_view data);

/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);
/// Raw bytes from hex; empty when `hex` is not valid hex of even length.
std::string from_hex(std::string_view hex);
/// Standard base64 (with padding).
std::string base64(std::string_view bytes);

/// Compares two byte strings in time that depends only on their lengths.
bool equal_constant_time(std::string_view a, std::string_view b);

/// `n` random bytes from the system CSPRNG (libsodium).
std::string random_bytes(std::size_t n);
/// A random token of `n` bytes, hex-encoded.
std::string random_hex(std::size_t n);

/// Bytes of a secretbox key.
constexpr std::size_t secretbox_key_bytes = 32;
/// libsodium secretbox (XSalsa20-Poly1305) of `plain` under a 32-byte `key`: a fresh 24-byte nonce,
/// then the box. Empty when the key has the wrong size.
std::string seal(std::string_view key, std::string_view plain);
/// The plain text of seal()'s output; nullopt when the key is wrong or the box was altered.
std::optional<std::string> open(std::string_view key, std::string_view sealed);

}  // namespace baro::crypto
