#pragma once
// Login throttling, the pure part: how long a throttle key makes the next attempt wait. The store
// keeps one row per key (failures, time of the last one) and asks these functions under a row lock.
#include <chrono>
#include <cstdint>

namespace baro::moderation {

/// How one kind of key behaves: `free_failures` failures pass back to back; after that each attempt
/// waits `first_delay` after the last failure, doubled per further failure, up to `max_delay`.
struct throttle_limit
{
    int free_failures = 5;
    std::chrono::seconds first_delay{30};
    std::chrono::seconds max_delay{15 * 60};
};

/// The whole policy (docs/moderation.md §1 says it in words). Keys: the pair (account, address), the
/// address alone, and the account alone; the account key is not applied at an address the account
/// logged in from within `known_address_days`, so an attacker elsewhere cannot lock its owner out.
struct throttle_policy
{
    throttle_limit pair{5, std::chrono::seconds{30}, std::chrono::seconds{15 * 60}};
    throttle_limit address{20, std::chrono::seconds{30}, std::chrono::seconds{15 * 60}};
    throttle_limit account{10, std::chrono::seconds{30}, std::chrono::seconds{15 * 60}};
    std::chrono::seconds forget_after{60 * 60};  ///< a key quiet this long starts over
    int known_address_days = 30;
};

/// One key's stored state: failures counted, and milliseconds since the last one.
struct throttle_state
{
    int failures = 0;
    std::int64_t ms_since_last = 0;
};

/// Failures that still count: none once the key has been quiet for `forget_after`.
int live_failures(throttle_state const& s, std::chrono::seconds forget_after);

/// Seconds (rounded up) before this key admits another attempt; 0 when it admits one now.
std::int64_t throttle_wait(throttle_limit const& limit, throttle_state const& s, std::chrono::seconds forget_after);

}  // namespace baro::moderation
