#pragma once
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

}  // namespace baro::crypto
