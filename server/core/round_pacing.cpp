#include "core/round_pacing.hpp"

#include <algorithm>

namespace baro::core {

std::chrono::milliseconds rest_after_round(round_pacing const& p, int done, std::chrono::milliseconds took,
                                           std::chrono::milliseconds cycle, std::chrono::milliseconds lag)
{
    if(done >= p.full)
        return std::chrono::milliseconds(0);
    auto const most = std::max(p.lag_budget - lag, p.shortest);
    if(done <= 0)
        return most;
    // At done rows per cycle, `target` rows arrive in target * cycle / done; the round itself took part.
    auto const wanted = std::chrono::milliseconds(static_cast<long long>(p.target) * cycle.count() / done) - took;
    return std::clamp(wanted, p.shortest, most);
}

}  // namespace baro::core
