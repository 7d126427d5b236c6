#include "text/word_segments.hpp"

#include "text/char_table.hpp"
#include "text/icu_cache.hpp"

#include <unicode/ubrk.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

namespace baro::text::detail {
namespace {

using wb = word_break;

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

// The properties of the code point at `i` (advanced past it); `unsupported` for ill-formed UTF-8.
inline __attribute__((always_inline)) char_info info_at(uint8_t const* p, std::size_t n, std::size_t& i, char_info const* bmp)
{
    if(p[i] < 0x80)
        return bmp[p[i++]];
    int32_t j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, j, static_cast<int32_t>(n), c);
    i = static_cast<std::size_t>(j);
    return c < 0 ? char_info{wb::unsupported, 0} : info_of(c, bmp);
}

// ASCII letters (ALetter, Latin) and digits (Numeric) by byte; 0 for every other byte. The inner
// loop of the segmenter reads one byte of table per letter instead of two and two compares.
constexpr unsigned ascii_letter = 1;
constexpr unsigned ascii_digit = 2;
constexpr std::array<uint8_t, 256> ascii_alnum = [] {
    std::array<uint8_t, 256> t{};
    for(int c = 'a'; c <= 'z'; ++c)
        t[static_cast<std::size_t>(c)] = t[static_cast<std::size_t>(c - 32)] = ascii_letter;
    for(int c = '0'; c <= '9'; ++c)
        t[static_cast<std::size_t>(c)] = ascii_digit;
    return t;
}();

enum class display_last
{
    start,
    letter,
    space,
    line_break
};

// The fast segmenter; with `check_display`, also the display check of raw bytes (see
// `segment_raw`): it then gives up as soon as a code point, space or line break is one
// display_form would change, and counts code points into `*chars`.
template<bool check_display>
segmented segment(std::string_view text, std::vector<token_span>& out, letter_tally& letters, std::size_t* chars)
{
    char_info const* const bmp = bmp_table();
    auto const* p = reinterpret_cast<uint8_t const*>(text.data());
    std::size_t const first = out.size();
    std::size_t const n = text.size();
    // The open segment: [begin, end) while `prev` is a letter, digit or ExtendNumLet.
    std::size_t begin = 0;
    std::size_t end = 0;
    bool has_alnum = false;  // holds a letter or digit
    int connectors = 0;      // ExtendNumLet characters: "_" alone has ICU status 0, "__" 200
    wb prev = wb::other;     // class of the last character that is not Extend/Format
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
    auto give_up = [&](segmented why) {
        out.resize(first);
        return why;
    };
    // The display check, as is_display_ready (display.cpp) does it: what came last, how many
    // line breaks in a row, and how many bytes continue a code point (chars = bytes - those).
    display_last shown = display_last::start;
    int line_breaks = 0;
    std::size_t continuation_bytes = 0;
    // A code point display_form keeps as it is here, given what came before it.
    auto shows_as_is = [&](uint8_t bits, bool line_feed) {
        if(bits & plain)
        {
            shown = display_last::letter;
            line_breaks = 0;
            return true;
        }
        if(bits & horizontal_space)
        {
            if(shown != display_last::letter)
                return false;
            shown = display_last::space;
            return true;
        }
        if(! line_feed || shown == display_last::start || shown == display_last::space || ++line_breaks > 2)
            return false;
        shown = display_last::line_break;
        return true;
    };
    // Every code point is read (and counted) once, where `i` passes it. Classes are tested in
    // order of frequency with plain branches: a switch's indirect jump was the hottest instruction.
    for(std::size_t i = 0; i < n;)
    {
        std::size_t const at = i;
        char_info const ci = info_at(p, n, i, bmp);
        if constexpr(check_display)
        {
            if(ci.wb != wb::unsupported && ! shows_as_is(ci.bits, p[at] == '\n'))
                return give_up(segmented::not_display_ready);
            continuation_bytes += i - at - 1;
        }
        if(p[at] < 0x80)
            letters.latin += ci.bits & latin_letter;  // an ASCII letter has no other letter bit
        else
            letters.add(ci.bits, at);
        wb const c = ci.wb;
        if(c == wb::letter || c == wb::numeric || c == wb::extend_num_let)
        {
            if(! is_word_char(prev))  // WB5, WB8, WB9, WB10, WB13a, WB13b join the rest
            {
                begin = at;
                has_alnum = false;
                connectors = 0;
            }
            has_alnum |= c != wb::extend_num_let;
            connectors += c == wb::extend_num_let;
            prev = c;
            // The rest of a run of letters and digits in one tight loop (ASCII and two-byte
            // UTF-8: Latin, IPA, Greek, Cyrillic, N'Ko); anything else goes round the outer loop.
            for(;;)
            {
                std::size_t const run_start = i;
                while(i < n)
                {
                    std::size_t const ascii_start = i;
                    unsigned cls = 0;
                    while(i < n && (cls = ascii_alnum[p[i]]) != 0)
                    {
                        letters.latin += cls & ascii_letter;
                        ++i;
                    }
                    if(i != ascii_start)
                        prev = (ascii_alnum[p[i - 1]] & ascii_digit) ? wb::numeric : wb::letter;
                    if(i >= n)
                        break;
                    auto const b = p[i];
                    if(b < 0x80 || (b & 0xE0) != 0xC0 || b < 0xC2 || i + 1 >= n || (p[i + 1] & 0xC0) != 0x80)
                        break;
                    char_info const k = bmp[((b & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu)];
                    if(k.wb != wb::letter && k.wb != wb::numeric)
                        break;
                    if constexpr(check_display)
                    {
                        if(! (k.bits & plain))
                            break;  // the outer loop gives up on it
                        ++continuation_bytes;
                    }
                    letters.add(k.bits, i);
                    prev = k.wb;
                    i += 2;
                }
                has_alnum |= i != run_start;  // the loop took only letters and digits
                end = i;
                if constexpr(check_display)
                {
                    if(i != run_start)  // all plain
                    {
                        shown = display_last::letter;
                        line_breaks = 0;
                    }
                }
                // The common case, "word word": one ASCII separator (space, most punctuation)
                // then an ASCII letter or digit. Close this word and open the next here, as the
                // outer loop would, without two rounds of it.
                if(i + 1 >= n || (p[i] | p[i + 1]) >= 0x80 || bmp[p[i]].wb != wb::other)
                    break;
                // After a letter or digit and before another, a space, a line break or a plain
                // character shows as is (and leaves the display state as a letter does); the outer
                // loop decides the rest (also after U+202F, an ExtendNumLet that is a space).
                if constexpr(check_display)
                    if(shown != display_last::letter || (! (bmp[p[i]].bits & (plain | horizontal_space)) && p[i] != '\n'))
                        break;
                char_info const next = bmp[p[i + 1]];
                if(next.wb != wb::letter && next.wb != wb::numeric)
                    break;
                close();
                begin = i + 1;
                has_alnum = true;
                connectors = 0;
                prev = next.wb;
                letters.latin += next.bits & latin_letter;  // the separator is no letter
                i += 2;
            }
            continue;
        }
        if(c == wb::other)
        {
            close();
            prev = c;
            continue;
        }
        if(c == wb::extend)
        {
            // WB4: transparent after a letter or digit. After anything else (start, space,
            // punctuation, ExtendNumLet) ICU's handling differs in details: leave it to ICU.
            if(prev != wb::letter && prev != wb::numeric)
                return give_up(segmented::unsupported);
            end = i;
            continue;
        }
        if(c == wb::unsupported)
            return give_up(segmented::unsupported);
        // MidLetter, MidNum, MidNumLet: part of the word when between two letters or two digits.
        if(i < n && (prev == wb::letter || prev == wb::numeric))
        {
            std::size_t j = i;
            char_info const next = info_at(p, n, j, bmp);
            if(bridges(prev, c, next.wb))
            {
                if constexpr(check_display)
                {
                    if(! shows_as_is(next.bits, false))  // a letter or digit: plain, or not as is
                        return give_up(segmented::not_display_ready);
                    continuation_bytes += j - i - 1;
                }
                letters.add(next.bits, i);
                i = j;
                end = j;
                continue;
            }
        }
        close();
        prev = c;
    }
    close();
    if constexpr(check_display)
    {
        if(shown != display_last::letter && shown != display_last::start)
            return give_up(segmented::not_display_ready);
        *chars = n - continuation_bytes;
    }
    return segmented::done;
}

}  // namespace

bool fast_word_segments(std::string_view text, std::vector<token_span>& out, letter_tally& letters)
{
    return segment<false>(text, out, letters, nullptr) == segmented::done;
}

segmented segment_raw(std::string_view bytes, std::vector<token_span>& out, letter_tally& letters, std::size_t& chars)
{
    return segment<true>(bytes, out, letters, &chars);
}

bool fast_word_segments(std::string_view text, std::vector<token_span>& out)
{
    letter_tally letters;
    return fast_word_segments(text, out, letters);
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
