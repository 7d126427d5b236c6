#pragma once
#include <string_view>

namespace baro::log {

/// Severity of a log line.
enum class level
{
    debug,
    info,
    warn,
    error
};

/// Sets the lowest level written (default info; BARO_LOG=debug lowers it).
void set_level(level l);

/// Writes one line `ts level component: message` to stderr, atomically.
/// Never pass a raw phone number or account id: log sender pseudonyms only.
void write(level l, std::string_view component, std::string_view message);

inline void debug(std::string_view c, std::string_view m) { write(level::debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(level::info, c, m); }
inline void warn(std::string_view c, std::string_view m) { write(level::warn, c, m); }
inline void error(std::string_view c, std::string_view m) { write(level::error, c, m); }

}  // namespace baro::log
