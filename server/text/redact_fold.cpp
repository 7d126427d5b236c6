#include "text/redact_fold.hpp"

#include "text/icu_cache.hpp"
#include "text/utf8.hpp"

#include <unicode/uchar.h>

namespace baro::text::detail {
namespace {

constexpr char other_symbol = '\x7f';  // never a digit, separator, letter or e-mail character

bool all_ascii(std::string_view s)
{
    for(char c : s)
        if(static_cast<uint8_t>(c) >= 0x80)
            return false;
    return true;
}

// The NFKD decomposition of `c` when it is printable ASCII only (full-width forms, ligatures,
// circled and parenthesised digits), else "".
std::string ascii_compatibility_form(UChar32 c)
{
    auto const* n = nfkd();
    icu::UnicodeString d;
    if(! n || ! n->getDecomposition(c, d))
        return {};
    std::string out;
    for(int32_t i = 0; i < d.length(); ++i)
    {
        char16_t const u = d.charAt(i);
        if(u < 0x20 || u > 0x7e)
            return {};
        out += static_cast<char>(u);
    }
    return out;
}

}  // namespace

folded_text::folded_text(std::string_view original) : original_size_(original.size())
{
    if(all_ascii(original))
    {
        view_ = original;
        return;
    }
    storage_.reserve(original.size());
    begin_.reserve(original.size());
    for(std::size_t i = 0; i < original.size();)
    {
        std::size_t const at = i;
        UChar32 const c = next_code_point(original, i);
        if(c >= 0 && c < 0x80)
            push(static_cast<char>(c), at);
        else if(c < 0)
            push(other_symbol, at);
        // The letters and marks of French and Bambara (é, ɛ, ɔ, ɲ, ŋ, tone marks) without ICU calls.
        else if((c >= 0xC0 && c <= 0x2AF && c != 0xD7 && c != 0xF7))
            push('a', at);
        else if(c >= 0x300 && c <= 0x36F)
            continue;
        else
            fold_other(c, at);
    }
    view_ = storage_;
}

void folded_text::fold_other(UChar32 c, std::size_t at)
{
    auto const type = u_charType(c);
    if(type == U_DECIMAL_DIGIT_NUMBER)
        push(static_cast<char>('0' + u_charDigitValue(c)), at);
    else if(type == U_FORMAT_CHAR || type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK)
        return;
    else if(type == U_SPACE_SEPARATOR)
        push(' ', at);
    else if(type == U_DASH_PUNCTUATION || c == 0x2212)
        push('-', at);
    else if(auto const ascii = ascii_compatibility_form(c); ! ascii.empty())
        for(char a : ascii)
            push(a, at);
    else
        push(u_isUAlphabetic(c) ? 'a' : other_symbol, at);
}

std::size_t folded_text::original_end(std::size_t k) const
{
    if(begin_.empty())
        return k + 1;
    for(std::size_t j = k + 1; j < begin_.size(); ++j)
        if(begin_[j] != begin_[k])
            return begin_[j];
    return original_size_;
}

}  // namespace baro::text::detail
