#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace baro {

/// Turns a flood of the same event into at most one log line per interval carrying a count: every
/// event calls note(), and the caller logs only when it returns a count. Thread-safe.
class log_throttle
{
public:
    using clock = std::chrono::steady_clock;

    explicit log_throttle(clock::duration interval = std::chrono::seconds(1)) : interval_(interval) {}

    /// Counts one event at `now`; returns the events counted since the last line (this one included)
    /// when a line is due, else nothing.
    std::optional<std::uint64_t> note(clock::time_point now = clock::now());

private:
    clock::duration const interval_;
    std::mutex mutex_;
    std::optional<clock::time_point> last_line_;
    std::uint64_t pending_ = 0;
};

}  // namespace baro
