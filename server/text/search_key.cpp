#include "text/search_key.hpp"

#include "text/icu_cache.hpp"
#include "text/utf8.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace baro::text {
namespace {

using detail::append_utf8;
using detail::next_code_point;

// How one code point of display text becomes key text. Computed once per BMP code point
// (a table built on first use), on the fly above the BMP.
struct fold
{
    enum : uint8_t
    {
        mark = 1,          // a combining mark: dropped after a Latin base
        latin = 2,         // a Latin base: marks that follow it are dropped
        transparent = 4,   // folds to nothing and leaves the base state alone
    };
    uint32_t offset = 0;   // into the table's pool
    uint8_t length = 0;
    uint8_t flags = 0;
};

// Look-alikes of the Bambara letters, mapped before anything else sees them.
UChar32 look_alike(UChar32 c)
{
    switch(c)
    {
    case 0x03B5:   // Greek ε
    case 0x0454:   // Cyrillic є
    case 0x0511:   // Cyrillic ԑ
        return 0x025B;
    case 0x0395:   // Greek Ε, Cyrillic Є, Ԑ: case-folded later
    case 0x0404:
    case 0x0510:
        return 0x0190;
    case 0x2184:   // ↄ, Ↄ, small capital ᴐ
    case 0x1D10:
        return 0x0254;
    case 0x2183:
        return 0x0186;
    default:
        return c;
    }
}

bool is_apostrophe(UChar32 c)
{
    switch(c)
    {
    case 0x0027: case 0x0060: case 0x00B4: case 0x02B9: case 0x02BB: case 0x02BC: case 0x02BD:
    case 0x02C8: case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0xFF07:
        return true;
    default:
        return false;
    }
}

bool is_latin(UChar32 c)
{
    UErrorCode ec = U_ZERO_ERROR;
    return uscript_getScript(c, &ec) == USCRIPT_LATIN && U_SUCCESS(ec);
}

bool is_mark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

// Bambara folding and the few Latin letters NFKC keeps whole. Returns false when `c` is not one of them.
bool append_letter_fold(UChar32 c, std::string& out)
{
    switch(c)
    {
    case 0x025B: out += 'e'; return true;      // ɛ
    case 0x0254: out += 'o'; return true;      // ɔ
    case 0x0272: out += "ny"; return true;     // ɲ
    case 0x00F1: out += "ny"; return true;     // ñ
    case 0x014B: out += "ng"; return true;     // ŋ
    case 0x0153: out += "oe"; return true;     // œ
    case 0x00E6: out += "ae"; return true;     // æ
    default: return false;
    }
}

// The key text of one code point: NFKC case fold, look-alikes, Bambara folding, Latin marks off, digits to ASCII.
std::string fold_code_point(UChar32 c, uint8_t& flags)
{
    flags = 0;
    if(is_apostrophe(c))
        return "'";
    c = look_alike(c);
    if(is_mark(c))
        flags |= fold::mark;
    icu::UnicodeString folded(c);
    if(auto const* n = detail::nfkc_casefold())
    {
        UErrorCode ec = U_ZERO_ERROR;
        icu::UnicodeString tmp = n->normalize(folded, ec);
        if(U_SUCCESS(ec))
            folded = tmp;
    }
    std::string out;
    bool latin_context = is_latin(c);
    for(int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1))
    {
        UChar32 d = look_alike(folded.char32At(i));
        if(is_apostrophe(d))
        {
            out += '\'';
            latin_context = false;
        }
        else if(append_letter_fold(d, out))
            latin_context = true;
        else if(is_mark(d))
        {
            if(! latin_context || (flags & fold::mark))
                append_utf8(out, d);
        }
        else if(u_charType(d) == U_DECIMAL_DIGIT_NUMBER)
        {
            out += static_cast<char>('0' + u_charDigitValue(d));
            latin_context = false;
        }
        else if(is_latin(d))
        {
            latin_context = true;
            icu::UnicodeString decomposed;
            auto const* n = detail::nfd();
            if(n && n->getDecomposition(d, decomposed) && decomposed.length() > 0)
                d = decomposed.char32At(0);
            if(! append_letter_fold(d, out))
                append_utf8(out, d);
        }
        else
        {
            append_utf8(out, d);
            latin_context = false;
        }
    }
    if(! (flags & fold::mark))
    {
        if(latin_context)
            flags |= fold::latin;
        if(out.empty())
            flags |= fold::transparent;
    }
    return out;
}

class fold_table
{
public:
    fold_table() : entries_(0x10000)
    {
        pool_.reserve(0x30000);
        for(UChar32 c = 0x80; c < 0x10000; ++c)
        {
            if(U_IS_SURROGATE(c))
            {
                entries_[static_cast<std::size_t>(c)].flags = fold::transparent;
                continue;
            }
            uint8_t flags = 0;
            std::string const text = fold_code_point(c, flags);
            auto& e = entries_[static_cast<std::size_t>(c)];
            e.offset = static_cast<uint32_t>(pool_.size());
            e.length = static_cast<uint8_t>(std::min<std::size_t>(text.size(), 255));
            e.flags = flags;
            pool_.append(text, 0, e.length);
        }
    }

    fold const& at(UChar32 c) const { return entries_[static_cast<std::size_t>(c)]; }
    std::string_view text(fold const& f) const { return std::string_view(pool_).substr(f.offset, f.length); }

private:
    std::vector<fold> entries_;
    std::string pool_;
};

fold_table const& table()
{
    static fold_table const t;
    return t;
}

// Appends key code points, cutting runs of three or more identical letters to two.
// Writes through a raw pointer into room made in `out` up front (grown when a fold is longer
// than its input) and sets the final length once: push_back per byte re-reads the string's
// pointer and length after every store, since a char store may alias them.
class key_writer
{
public:
    key_writer(std::string& out, std::size_t size_hint) : out_(out), used_(out.size())
    {
        out_.resize(used_ + size_hint);
    }
    ~key_writer() { out_.resize(used_); }
    key_writer(key_writer const&) = delete;
    key_writer& operator=(key_writer const&) = delete;

    // A run of ASCII display text: lower case, ` as ', repeats cut.
    void ascii_run(char const* p, std::size_t n)
    {
        char* o = room(n);
        UChar32 prev = prev_;
        int run = run_;
        for(std::size_t i = 0; i < n; ++i)
        {
            auto c = static_cast<unsigned char>(p[i]);
            c = c == '`' ? '\'' : (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
            if(static_cast<UChar32>(c) == prev)
            {
                if(++run > 2 && c >= 'a' && c <= 'z')
                    continue;
            }
            else
            {
                prev = c;
                run = 1;
            }
            *o++ = static_cast<char>(c);
        }
        prev_ = prev;
        run_ = run;
        used_ = static_cast<std::size_t>(o - out_.data());
    }

    // Key text of one code point (already folded).
    void text(std::string_view t)
    {
        char* o = room(t.size());
        for(std::size_t i = 0; i < t.size();)
        {
            auto const b = static_cast<uint8_t>(t[i]);
            if(b < 0x80)
            {
                ++i;
                if(! (repeated(b) && b >= 'a' && b <= 'z'))
                    *o++ = static_cast<char>(b);
                continue;
            }
            std::size_t const start = i;
            UChar32 const c = next_code_point(t, i);
            if(repeated(c) && u_isalpha(c))
                continue;
            for(std::size_t k = start; k < i; ++k)
                *o++ = t[k];
        }
        used_ = static_cast<std::size_t>(o - out_.data());
    }

private:
    // Where to write `n` more bytes.
    char* room(std::size_t n)
    {
        if(out_.size() - used_ < n)
            out_.resize(std::max(out_.size() * 2, used_ + n));
        return out_.data() + used_;
    }

    bool repeated(UChar32 c)
    {
        if(c == prev_)
            return ++run_ > 2;
        prev_ = c;
        run_ = 1;
        return false;
    }

    std::string& out_;
    std::size_t used_;
    UChar32 prev_ = -1;
    int run_ = 0;
};

}  // namespace

void append_search_key(std::string_view display_text, std::string& out)
{
    fold_table const& t = table();
    key_writer w(out, display_text.size());
    bool latin_base = false;
    std::string wide;   // the fold of a code point above the BMP
    std::size_t const n = display_text.size();
    for(std::size_t i = 0; i < n;)
    {
        if(static_cast<uint8_t>(display_text[i]) < 0x80)
        {
            std::size_t j = i + 1;
            while(j < n && static_cast<uint8_t>(display_text[j]) < 0x80)
                ++j;
            w.ascii_run(display_text.data() + i, j - i);
            auto const last = static_cast<uint8_t>(display_text[j - 1] | 0x20);
            latin_base = last >= 'a' && last <= 'z';
            i = j;
            continue;
        }
        UChar32 const c = next_code_point(display_text, i);
        if(c < 0)
            continue;
        uint8_t flags = 0;
        std::string_view text;
        if(c < 0x10000)
        {
            fold const& f = t.at(c);
            flags = f.flags;
            text = t.text(f);
        }
        else if(auto const* n = detail::nfkc_casefold(); n && n->isInert(c) && ! is_mark(c))
        {
            // Emoji and most other astral characters: unchanged, and not a Latin base.
            latin_base = false;
            w.text(display_text.substr(i - 4, 4));
            continue;
        }
        else
        {
            wide = fold_code_point(c, flags);
            text = wide;
        }
        if(flags & fold::mark)
        {
            if(latin_base)
                continue;
        }
        else if(! (flags & fold::transparent))
            latin_base = (flags & fold::latin) != 0;
        w.text(text);
    }
}

namespace detail {

std::size_t fold_ascii_key(char* const begin, std::size_t n)
{
    char* const end = begin + n;
    char* o = begin;
    int prev = -1;
    int run = 0;
    for(char const* p = begin; p != end; ++p)
    {
        auto c = static_cast<unsigned char>(*p);
        c = c == '`' ? '\'' : (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
        if(c == prev)
        {
            if(++run > 2 && c >= 'a' && c <= 'z')
                continue;
        }
        else
        {
            prev = c;
            run = 1;
        }
        *o++ = static_cast<char>(c);
    }
    return static_cast<std::size_t>(o - begin);
}

void fold_ascii_key(std::string& ascii)
{
    std::size_t const n = fold_ascii_key(ascii.data(), ascii.size());
    if(n != ascii.size())
        ascii.resize(n);
}

}  // namespace detail

std::string search_key(std::string_view display_text)
{
    std::string out;
    append_search_key(display_text, out);
    return out;
}

}  // namespace baro::text
