#include "text/display.hpp"

#include "text/char_table.hpp"
#include "text/icu_cache.hpp"
#include "text/utf8.hpp"

#include <unicode/bytestream.h>
#include <unicode/uchar.h>

#include <cstdint>
#include <cstring>

namespace baro::text {
namespace {

using detail::append_utf8;
using detail::next_code_point;

// Longest run of combining marks (non-zero canonical class) kept on one base: the
// Stream-Safe Text Format bound of UAX #15. It keeps NFC's canonical reordering linear.
constexpr int max_marks_per_base = 30;

// windows-1252 bytes 0x80..0x9F; the five undefined bytes map to C1 controls (as WHATWG
// does), which the cleanup then removes.
constexpr char16_t cp1252_high[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string decode_cp1252(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for(char ch : bytes)
    {
        auto const b = static_cast<uint8_t>(ch);
        UChar32 const c = (b >= 0x80 && b < 0xA0) ? cp1252_high[b - 0x80] : b;
        append_utf8(out, c);
    }
    return out;
}

bool is_ascii_only(std::string_view s)
{
    std::size_t i = 0;
    for(; i + 8 <= s.size(); i += 8)
    {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if(w & 0x8080808080808080ull)
            return false;
    }
    for(; i < s.size(); ++i)
        if(static_cast<uint8_t>(s[i]) & 0x80)
            return false;
    return true;
}

bool is_line_break(UChar32 c) { return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }

bool is_horizontal_space(UChar32 c)
{
    if(c == ' ' || c == '\t')
        return true;
    return c >= 0x80 && u_charType(c) == U_SPACE_SEPARATOR;
}

bool is_kept_format(UChar32 c)
{
    return c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F;  // ZWNJ ZWJ LRM RLM
}

bool is_tag(UChar32 c) { return c >= 0xE0020 && c <= 0xE007F; }

// Control, format, private-use, surrogate and unassigned characters are dropped.
bool is_dropped_category(UChar32 c)
{
    if(c < 0x80)
        return c < 0x20 || c == 0x7F;
    auto const t = u_charType(c);
    return t == U_CONTROL_CHAR || t == U_FORMAT_CHAR || t == U_PRIVATE_USE_CHAR || t == U_SURROGATE || t == U_UNASSIGNED;
}

// Removes what a reader must not receive and tidies whitespace, in one pass over valid UTF-8.
class cleaner
{
public:
    explicit cleaner(std::size_t size_hint) { out_.reserve(size_hint); }

    void feed(UChar32 c)
    {
        if(is_line_break(c))
            return line_break(c);
        last_was_cr_ = false;
        if(is_horizontal_space(c))
        {
            if(spaces_++ == 0)
                first_space_ = c;
            return;
        }
        if(! keep(c))
            return;
        flush_pending();
        append_utf8(out_, c);
    }

    /// A run of plain characters (char_table.hpp) below U+10000: what `feed` does with each of them
    /// (none is a space, line break, control or mark, and none is the black flag), in one append.
    void feed_plain(std::string_view run)
    {
        last_was_cr_ = false;
        marks_ = 0;
        in_tag_sequence_ = false;
        flush_pending();
        out_.append(run);
    }

    std::string take() { return std::move(out_); }

private:
    void line_break(UChar32 c)
    {
        bool const lf_after_cr = c == '\n' && last_was_cr_;
        last_was_cr_ = c == '\r';
        marks_ = 0;
        spaces_ = 0;  // trailing spaces of a line go
        if(! lf_after_cr && newlines_ < 2)
            ++newlines_;
    }

    bool keep(UChar32 c)
    {
        if(c >= 0x80 && ! is_kept_format(c))
        {
            if(is_tag(c) && in_tag_sequence_)
                return true;  // emoji subdivision flags (🏴 + tags) stay whole
            if(is_dropped_category(c))
                return false;
            if(u_getCombiningClass(c) != 0)
                return ++marks_ <= max_marks_per_base;
        }
        else if(c < 0x20 || c == 0x7F)
            return false;
        marks_ = 0;
        in_tag_sequence_ = c == 0x1F3F4;
        return true;
    }

    void flush_pending()
    {
        if(! out_.empty())
        {
            if(newlines_ > 0)
                out_.append(static_cast<std::size_t>(newlines_), '\n');
            else if(spaces_ == 1)
                append_utf8(out_, first_space_);
            else if(spaces_ > 1)
                out_.push_back(' ');
        }
        newlines_ = 0;
        spaces_ = 0;
    }

    std::string out_;
    int newlines_ = 0;
    std::size_t spaces_ = 0;
    UChar32 first_space_ = ' ';
    int marks_ = 0;
    bool last_was_cr_ = false;
    bool in_tag_sequence_ = false;
};

// True when the text needs no cleanup: ASCII printable, single spaces, no leading or trailing space.
bool ascii_is_clean(std::string_view s)
{
    if(s.empty())
        return true;
    if(s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t')
        return false;
    char prev = 0;
    for(char c : s)
    {
        if(static_cast<uint8_t>(c) < 0x20 || c == 0x7F || (c == ' ' && prev == ' '))
            return false;
        prev = c;
    }
    return true;
}

std::string clean(std::string_view utf8)
{
    if(is_ascii_only(utf8) && ascii_is_clean(utf8))
        return std::string(utf8);
    detail::char_info const* const bmp = detail::bmp_table();
    cleaner c(utf8.size());
    std::size_t const n = utf8.size();
    for(std::size_t i = 0; i < n;)
    {
        // Runs of plain characters go through whole: most of a text that needed cleaning is clean.
        std::size_t run_end = i;
        for(std::size_t j = i; j < n;)
        {
            UChar32 const cp = next_code_point(utf8, j);
            if(cp < 0 || cp >= 0x10000 || ! (bmp[cp].bits & detail::plain))
                break;
            run_end = j;
        }
        if(run_end > i)
        {
            c.feed_plain(utf8.substr(i, run_end - i));
            i = run_end;
            continue;
        }
        UChar32 const cp = next_code_point(utf8, i);
        if(cp >= 0)
            c.feed(cp);
    }
    return c.take();
}

void to_nfc(std::string& text)
{
    auto const* n = detail::nfc();
    if(! n || is_ascii_only(text))
        return;
    UErrorCode ec = U_ZERO_ERROR;
    icu::StringPiece const sp(text.data(), static_cast<int32_t>(text.size()));
    if(n->isNormalizedUTF8(sp, ec) && U_SUCCESS(ec))
        return;
    ec = U_ZERO_ERROR;
    std::string out;
    out.reserve(text.size());
    icu::StringByteSink<std::string> sink(&out);
    n->normalizeUTF8(0, sp, sink, nullptr, ec);
    if(U_SUCCESS(ec))
        text = std::move(out);
}

// True when every code point is its own grapheme cluster, so code points can be counted instead.
bool is_one_cluster_per_code_point(std::string_view utf8, std::size_t& code_points)
{
    detail::char_info const* const bmp = detail::bmp_table();
    code_points = 0;
    for(std::size_t i = 0; i < utf8.size();)
    {
        auto const b = static_cast<uint8_t>(utf8[i]);
        ++code_points;
        if(b < 0x80)
        {
            ++i;
            if(b == '\r')
                return false;
            continue;
        }
        UChar32 const c = next_code_point(utf8, i);
        if(c >= 0 && c < 0x10000 && (bmp[c].bits & detail::plain))
            continue;  // plain: Grapheme_Cluster_Break = Other
        auto const gcb = u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK);
        if(gcb != U_GCB_OTHER && gcb != U_GCB_CONTROL && gcb != U_GCB_LF)
            return false;
    }
    return true;
}

// Byte offset just after the first `n` grapheme clusters, and how many clusters the text has (up to n + 1).
std::size_t cluster_boundary(std::string_view utf8, std::size_t n, std::size_t& counted)
{
    counted = 0;
    std::size_t code_points = 0;
    if(is_one_cluster_per_code_point(utf8, code_points))
    {
        std::size_t i = 0;
        for(; i < utf8.size() && counted < n; ++counted)
            next_code_point(utf8, i);
        if(i < utf8.size())
            ++counted;
        return i;
    }
    auto* it = detail::grapheme_iterator(utf8);
    if(! it)
    {
        counted = code_points;
        return utf8.size();
    }
    int32_t end = 0;
    for(int32_t p = it->next(); p != icu::BreakIterator::DONE; p = it->next())
    {
        if(counted == n)
        {
            ++counted;
            break;
        }
        ++counted;
        end = p;
    }
    return static_cast<std::size_t>(end);
}

std::size_t trim_trailing_space(std::string& text)
{
    std::size_t removed = 0;
    while(! text.empty())
    {
        char const c = text.back();
        if(c == ' ' || c == '\n' || c == '\t')
        {
            text.pop_back();
            ++removed;
            continue;
        }
        // U+00A0 and the other Zs characters end in a continuation byte; check the whole code point.
        std::size_t start = detail::utf8_floor(text, text.size() - 1);
        std::size_t i = start;
        UChar32 const cp = next_code_point(text, i);
        if(cp < 0x80 || ! is_horizontal_space(cp))
            break;
        text.resize(start);
        ++removed;
    }
    return removed;
}

constexpr uint64_t ones = 0x0101010101010101ull;
constexpr uint64_t highs = 0x8080808080808080ull;

// 0x80 in each byte of `w` that is zero, 0 elsewhere (exact: no false positives).
uint64_t zero_bytes(uint64_t w) { return ~(((w & ~highs) + ~highs) | w) & highs; }

// How many of the eight bytes of `w`, from the first (lowest), are printable ASCII, 0x20..0x7E.
// The tests below can flag a byte wrongly only above a byte rightly flagged (borrows and
// carries run upwards), so the lowest flag is exact.
int32_t printable_ascii_prefix(uint64_t w)
{
    uint64_t const below_space = (w - 0x20 * ones) & ~w & highs;             // bytes < 0x20 (or >= 0x80)
    uint64_t const del_or_high = ((w + 0x01 * ones) & highs) | (w & highs);  // 0x7F or >= 0x80
    uint64_t const bad = below_space | del_or_high;
    return bad == 0 ? 8 : static_cast<int32_t>(__builtin_ctzll(bad) / 8);
}

// One pass that recognises text display_form would return unchanged: valid UTF-8 within the
// byte budget, only "plain" characters (see char_table.hpp: kept by cleanup, NFC on their own,
// one grapheme each), single spaces and at most two line breaks in a row, none of them at the
// start or end of the text or of a line. Corpus text and most messages are like this; then the
// display form is a copy and `chars` the number of code points. Anything else: false, and the
// general path decides.
bool is_display_ready(std::string_view text, std::size_t max_chars, std::size_t& chars)
{
    detail::char_info const* const bmp = detail::bmp_table();
    auto const* p = reinterpret_cast<uint8_t const*>(text.data());
    int32_t const n = static_cast<int32_t>(text.size());
    enum class last
    {
        start,
        letter,
        space,
        line_break
    } prev = last::start;
    int line_breaks = 0;
    std::size_t count = 0;
    for(int32_t i = 0; i < n;)
    {
        // The printable ASCII bytes among the next eight at once (the common case): only spaces
        // need a look. The rest (a line break, a non-ASCII character) takes the code point path.
        if(i + 8 <= n && prev != last::line_break)
        {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            int32_t const k = printable_ascii_prefix(w);
            if(k > 0)
            {
                uint64_t const in_prefix = k == 8 ? ~0ull : (1ull << (8 * k)) - 1;
                uint64_t const spaces = zero_bytes(w ^ 0x2020202020202020ull) & in_prefix;
                bool const first_is_space = (spaces & 0x80) != 0;
                if((spaces & (spaces << 8)) == 0 && ! (first_is_space && prev != last::letter))
                {
                    prev = (spaces >> (8 * k - 1)) & 1 ? last::space : last::letter;
                    line_breaks = 0;
                    count += static_cast<std::size_t>(k);
                    i += k;
                    continue;
                }
            }
        }
        // A two-byte character that is plain (most non-ASCII letters: é ɛ ɔ ɲ, N'Ko): a letter here.
        if(p[i] >= 0xC2 && p[i] < 0xE0 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80)
        {
            auto const two = static_cast<std::size_t>(((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu));
            if(bmp[two].bits & detail::plain)  // never also a horizontal space
            {
                prev = last::letter;
                line_breaks = 0;
                ++count;
                i += 2;
                continue;
            }
        }
        UChar32 c = p[i];
        if(c < 0x80)
            ++i;
        else
        {
            U8_NEXT(p, i, n, c);
            if(c < 0)
                return false;
        }
        ++count;
        if(c == '\n')
        {
            if(prev == last::start || prev == last::space || ++line_breaks > 2)
                return false;
            prev = last::line_break;
            continue;
        }
        auto const bits = (c < 0x80 ? bmp[c] : detail::info_of(c, bmp)).bits;
        if(bits & detail::horizontal_space)
        {
            if(prev != last::letter)
                return false;
            prev = last::space;
            continue;
        }
        if(! (bits & detail::plain))
            return false;
        prev = last::letter;
        line_breaks = 0;
    }
    if(prev != last::letter && prev != last::start)
        return false;
    chars = count;
    return count <= max_chars;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes)
{
    std::size_t i = 0;
    while(i < bytes.size())
    {
        if(static_cast<uint8_t>(bytes[i]) < 0x80)
        {
            ++i;
            continue;
        }
        if(next_code_point(bytes, i) < 0)
            return false;
    }
    return true;
}

std::size_t count_chars(std::string_view utf8)
{
    std::size_t counted = 0;
    cluster_boundary(utf8, utf8.size(), counted);
    return counted;
}

display_result display_form(std::string_view bytes, std::size_t max_chars)
{
    display_result r;
    if(bytes.size() <= detail::max_display_input_bytes(max_chars) && is_display_ready(bytes, max_chars, r.chars))
    {
        r.text.assign(bytes);
        return r;
    }
    return detail::display_form_general(bytes, max_chars);
}

namespace detail {

display_result display_form_general(std::string_view bytes, std::size_t max_chars)
{
    display_result r;
    std::string decoded;
    std::string_view utf8 = bytes;
    if(! is_valid_utf8(bytes))
    {
        r.decoded_cp1252 = true;
        decoded = decode_cp1252(bytes);
        utf8 = decoded;
    }
    // Enough raw bytes for max_chars graphemes of any sane text (a megabyte of emoji costs the same
    // as a few hundred kilobytes); the rest cannot be shown anyway.
    std::size_t const byte_budget = max_display_input_bytes(max_chars);
    if(utf8.size() > byte_budget)
    {
        utf8 = utf8.substr(0, detail::utf8_floor(utf8, byte_budget));
        r.truncated = true;
    }
    r.text = clean(utf8);
    to_nfc(r.text);

    std::size_t counted = 0;
    std::size_t const end = cluster_boundary(r.text, max_chars, counted);
    if(counted > max_chars)
    {
        r.text.resize(end);
        r.truncated = true;
        counted = max_chars - trim_trailing_space(r.text);
    }
    else if(r.truncated)
        counted -= trim_trailing_space(r.text);
    r.chars = counted;
    return r;
}

}  // namespace detail
}  // namespace baro::text
