#pragma once
// Small UTF-8 helpers shared by the text functions (internal to baro_text).
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace baro::text::detail {

/// Reads the code point at `i` of well-formed or ill-formed UTF-8; ill-formed bytes give a negative value.
inline UChar32 next_code_point(std::string_view s, std::size_t& i)
{
    auto const* p = reinterpret_cast<uint8_t const*>(s.data());
    int32_t const n = static_cast<int32_t>(s.size());
    int32_t j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, j, n, c);
    i = static_cast<std::size_t>(j);
    return c;
}

/// Appends `c` to `out` as UTF-8.
inline void append_utf8(std::string& out, UChar32 c)
{
    if(c < 0x80)
    {
        out.push_back(static_cast<char>(c));
        return;
    }
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, err);
    if(! err)
        out.append(buf, static_cast<std::size_t>(len));
}

/// Length of the longest prefix of `s` no longer than `limit` bytes that ends on a code point boundary.
inline std::size_t utf8_floor(std::string_view s, std::size_t limit)
{
    if(limit >= s.size())
        return s.size();
    while(limit > 0 && (static_cast<uint8_t>(s[limit]) & 0xC0) == 0x80)
        --limit;
    return limit;
}

/// True when the byte is an ASCII letter or digit.
inline bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace baro::text::detail
