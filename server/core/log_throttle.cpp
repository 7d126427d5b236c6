#include "core/log_throttle.hpp"

namespace baro {

std::optional<std::uint64_t> log_throttle::note(clock::time_point now)
{
    std::lock_guard lock(mutex_);
    ++pending_;
    if(last_line_ && now - *last_line_ < interval_)
        return std::nullopt;
    last_line_ = now;
    auto const n = pending_;
    pending_ = 0;
    return n;
}

}  // namespace baro
