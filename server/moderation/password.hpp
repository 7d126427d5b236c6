#pragma once
#include <string>
#include <string_view>

namespace baro::moderation {

/// argon2id hash in libsodium's self-describing string form (≥ 19 MiB, ≥ 2 passes).
std::string hash_password(std::string_view password);

/// True when `password` matches `hash` (constant time inside libsodium).
bool verify_password(std::string_view hash, std::string_view password);

/// A random password that is easy to type once: 4 groups of 5 letters and digits.
std::string one_time_password();

}  // namespace baro::moderation
