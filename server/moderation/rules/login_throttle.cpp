#include "moderation/rules/login_throttle.hpp"

#include <algorithm>

namespace baro::moderation {

int live_failures(throttle_state const& s, std::chrono::seconds forget_after)
{
    return s.ms_since_last >= forget_after.count() * 1000 ? 0 : std::max(s.failures, 0);
}

std::int64_t throttle_wait(throttle_limit const& limit, throttle_state const& s, std::chrono::seconds forget_after)
{
    auto const failures = live_failures(s, forget_after);
    if(failures < limit.free_failures)
        return 0;
    // Doubling stops at the cap long before the shift could overflow.
    auto const doublings = std::min(failures - limit.free_failures, 30);
    auto const delay_ms = std::min<std::int64_t>(limit.first_delay.count() * 1000 << doublings, limit.max_delay.count() * 1000);
    auto const left_ms = delay_ms - std::max<std::int64_t>(s.ms_since_last, 0);
    return left_ms <= 0 ? 0 : (left_ms + 999) / 1000;
}

}  // namespace baro::moderation
