#pragma once

#include <string_view>

namespace baro {

/// Space, tab, CR or LF: the blanks that protocols (headers, keypads, SMS keywords) put around a value.
constexpr bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// `s` without the ASCII blanks at either end.
constexpr std::string_view trim_ascii(std::string_view s)
{
    while(! s.empty() && is_ascii_space(s.front()))
        s.remove_prefix(1);
    while(! s.empty() && is_ascii_space(s.back()))
        s.remove_suffix(1);
    return s;
}

}  // namespace baro
