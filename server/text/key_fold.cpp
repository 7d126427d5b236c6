#include "text/key_fold.hpp"

#include "text/icu_cache.hpp"
#include "text/utf8.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace baro::text::detail {
namespace {

// Look-alikes of the Bambara letters, mapped before anything else sees them.
UChar32 look_alike(UChar32 c)
{
    switch(c)
    {
    case 0x03B5:  // Greek ε
    case 0x0454:  // Cyrillic є
    case 0x0511:  // Cyrillic ԑ
        return 0x025B;
    case 0x0395:  // Greek Ε, Cyrillic Є, Ԑ: case-folded later
    case 0x0404:
    case 0x0510: return 0x0190;
    case 0x2184:  // ↄ, Ↄ, small capital ᴐ
    case 0x1D10: return 0x0254;
    case 0x2183: return 0x0186;
    default: return c;
    }
}

bool is_apostrophe(UChar32 c)
{
    switch(c)
    {
    case 0x0027:
    case 0x0060:
    case 0x00B4:
    case 0x02B9:
    case 0x02BB:
    case 0x02BC:
    case 0x02BD:
    case 0x02C8:
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0xFF07: return true;
    default: return false;
    }
}

bool is_latin(UChar32 c)
{
    UErrorCode ec = U_ZERO_ERROR;
    return uscript_getScript(c, &ec) == USCRIPT_LATIN && U_SUCCESS(ec);
}

// Bambara folding and the few Latin letters NFKC keeps whole. Returns false when `c` is not one of them.
bool append_letter_fold(UChar32 c, std::string& out)
{
    switch(c)
    {
    case 0x025B: out += 'e'; return true;   // ɛ
    case 0x0254: out += 'o'; return true;   // ɔ
    case 0x0272: out += "ny"; return true;  // ɲ
    case 0x00F1: out += "ny"; return true;  // ñ
    case 0x014B: out += "ng"; return true;  // ŋ
    case 0x0153: out += "oe"; return true;  // œ
    case 0x00E6: out += "ae"; return true;  // æ
    default: return false;
    }
}

}  // namespace

// The key text of one code point: NFKC case fold, look-alikes, Bambara folding, Latin marks off, digits to ASCII.
std::string fold_code_point(UChar32 c, uint8_t& flags)
{
    flags = 0;
    if(is_apostrophe(c))
        return "'";
    c = look_alike(c);
    if(is_mark(c))
        flags |= key_fold::mark;
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
            if(! latin_context || (flags & key_fold::mark))
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
    if(! (flags & key_fold::mark))
    {
        if(latin_context)
            flags |= key_fold::latin;
        if(out.empty())
            flags |= key_fold::transparent;
    }
    return out;
}

key_fold_table::key_fold_table() : entries_(0x10000)
{
    pool_.reserve(0x30000);
    for(UChar32 c = 0x80; c < 0x10000; ++c)
    {
        if(U_IS_SURROGATE(c))
        {
            entries_[static_cast<std::size_t>(c)].flags = key_fold::transparent;
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

key_fold_table const& key_folds()
{
    static key_fold_table const t;
    return t;
}

bool is_mark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

}  // namespace baro::text::detail
