#include "text/word_segments.hpp"

#include "text/char_table.hpp"
#include "text/icu_cache.hpp"

#include <unicode/ubrk.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace baro::text::detail {
namespace {

using wb = word_break;

// The code point at `i` and its class; `unsupported` for ill-formed UTF-8.
wb class_at(std::string_view text, std::size_t& i, char_info const* bmp)
{
    auto const* p = reinterpret_cast<uint8_t const*>(text.data());
    if(p[i] < 0x80)
        return bmp[p[i++]].wb;
    int32_t j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, j, static_cast<int32_t>(text.size()), c);
    i = static_cast<std::size_t>(j);
    return c < 0 ? wb::unsupported : info_of(c, bmp).wb;
}

bool is_word_char(wb c) { return c == wb::letter || c == wb::numeric || c == wb::extend_num_let; }

// Rules WB6/WB7 (letter, MidLetter or MidNumLetQ, letter) and WB11/WB12 (digit, MidNum or
// MidNumLetQ, digit): may `mid` join a segment ending in `prev` to a following `next`?
bool bridges(wb prev, wb mid, wb next)
{
    if(prev == wb::letter)
        return next == wb::letter && (mid == wb::mid_letter || mid == wb::mid_num_let);
    if(prev == wb::numeric)
        return next == wb::numeric && (mid == wb::mid_num || mid == wb::mid_num_let);
    return false;
}

}  // namespace

bool fast_word_segments(std::string_view text, std::vector<token_span>& out)
{
    char_info const* const bmp = bmp_table();
    std::size_t const first = out.size();
    std::size_t const n = text.size();
    // The open segment: [begin, end) while `prev` is a letter, digit or ExtendNumLet.
    std::size_t begin = 0;
    std::size_t end = 0;
    bool has_alnum = false;   // holds a letter or digit
    int connectors = 0;       // ExtendNumLet characters: "_" alone has ICU status 0, "__" 200
    wb prev = wb::other;      // class of the last character that is not Extend/Format
    auto close = [&] {
        if(is_word_char(prev) && (has_alnum || connectors >= 2))
        {
            // Field by field: building the pair on the stack and copying it as one 16-byte
            // value stalls on store forwarding, once per word.
            auto& span = out.emplace_back();
            span.begin = begin;
            span.end = end;
        }
    };
    for(std::size_t i = 0; i < n;)
    {
        std::size_t const at = i;
        wb const c = class_at(text, i, bmp);
        switch(c)
        {
        case wb::unsupported:
            out.resize(first);
            return false;
        case wb::extend:
            // WB4: transparent after a letter or digit. After anything else (start, space,
            // punctuation, ExtendNumLet) ICU's handling differs in details: leave it to ICU.
            if(prev != wb::letter && prev != wb::numeric)
            {
                out.resize(first);
                return false;
            }
            end = i;
            continue;
        case wb::letter:
        case wb::numeric:
        case wb::extend_num_let:
            if(! is_word_char(prev))   // WB5, WB8, WB9, WB10, WB13a, WB13b join the rest
            {
                begin = at;
                has_alnum = false;
                connectors = 0;
            }
            has_alnum |= c != wb::extend_num_let;
            connectors += c == wb::extend_num_let;
            prev = c;
            // The rest of a run of letters and digits in one tight loop (ASCII and two-byte
            // UTF-8: Latin, IPA, Greek, Cyrillic, N'Ko); anything else goes round the switch.
            while(i < n)
            {
                auto const b = static_cast<uint8_t>(text[i]);
                wb k;
                std::size_t len = 1;
                if(b < 0x80)
                    k = bmp[b].wb;
                else if((b & 0xE0) == 0xC0 && b >= 0xC2 && i + 1 < n && (static_cast<uint8_t>(text[i + 1]) & 0xC0) == 0x80)
                {
                    k = bmp[((b & 0x1Fu) << 6) | (static_cast<uint8_t>(text[i + 1]) & 0x3Fu)].wb;
                    len = 2;
                }
                else
                    break;
                if(k != wb::letter && k != wb::numeric)
                    break;
                has_alnum = true;
                prev = k;
                i += len;
            }
            end = i;
            continue;
        case wb::mid_letter:
        case wb::mid_num:
        case wb::mid_num_let:
            if(i < n && (prev == wb::letter || prev == wb::numeric))
            {
                std::size_t j = i;
                wb const next = class_at(text, j, bmp);
                if(bridges(prev, c, next))
                {
                    i = j;
                    end = j;
                    continue;
                }
            }
            break;
        case wb::other:
            break;
        }
        close();
        prev = c;
    }
    close();
    return true;
}

void icu_word_segments(std::string_view text, std::vector<token_span>& out)
{
    auto* it = word_iterator(text);
    if(! it)
        return;
    int32_t begin = it->first();
    for(int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next())
        if(it->getRuleStatus() >= UBRK_WORD_NONE_LIMIT)
            out.push_back({static_cast<std::size_t>(begin), static_cast<std::size_t>(end)});
}

void word_segments(std::string_view text, std::vector<token_span>& out)
{
    if(! fast_word_segments(text, out))
        icu_word_segments(text, out);
}

}  // namespace baro::text::detail
