#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace baro::log {

namespace {
std::atomic<level> min_level{level::info};

char const* name(level l)
{
    switch(l)
    {
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
    }
    return "?";
}
}  // namespace

void set_level(level l) { min_level = l; }

void write(level l, std::string_view component, std::string_view message)
{
    if(l < min_level.load(std::memory_order_relaxed))
        return;
    auto const now = std::chrono::system_clock::now();
    auto const t = std::chrono::system_clock::to_time_t(now);
    auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char ts[64];
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    std::string line;
    line.reserve(48 + component.size() + message.size());
    line.append(ts).append(" ").append(name(l)).append(" ").append(component).append(": ").append(message);
    line.push_back('\n');
    // One fwrite per line: lines from different threads never interleave.
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace baro::log
