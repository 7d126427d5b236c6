#include "text/spoof.hpp"

#include "text/char_table.hpp"
#include "text/tokens.hpp"
#include "text/utf8.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <memory>

namespace baro::text {
namespace {

struct spoof_closer
{
    void operator()(USpoofChecker* s) const { uspoof_close(s); }
};

// Check functions of one configured checker are thread-safe (ICU docs), so one serves all threads.
// Moderately restrictive: Latin with one other script (N'Ko, Arabic...) passes, but never with
// Cyrillic or Greek, the scripts whose letters pass for Latin ones.
USpoofChecker const* checker()
{
    static std::unique_ptr<USpoofChecker, spoof_closer> const c = [] {
        UErrorCode ec = U_ZERO_ERROR;
        std::unique_ptr<USpoofChecker, spoof_closer> s(uspoof_open(&ec));
        if(U_FAILURE(ec))
            return std::unique_ptr<USpoofChecker, spoof_closer>();
        uspoof_setChecks(s.get(), USPOOF_RESTRICTION_LEVEL, &ec);
        uspoof_setRestrictionLevel(s.get(), USPOOF_MODERATELY_RESTRICTIVE);
        return U_SUCCESS(ec) ? std::move(s) : std::unique_ptr<USpoofChecker, spoof_closer>();
    }();
    return c.get();
}

// Cheap test before asking the spoof checker: letters of at least two real scripts.
// True when some letter is in a script other than Latin (Common and Inherited are no script).
bool has_foreign_letter(std::string_view text, detail::char_info const* bmp)
{
    for(std::size_t i = 0; i < text.size();)
    {
        if(static_cast<uint8_t>(text[i]) < 0x80)
        {
            ++i;
            continue;
        }
        UChar32 const c = detail::next_code_point(text, i);
        if(c >= 0 && (detail::info_of(c, bmp).bits & detail::foreign_letter))
            return true;
    }
    return false;
}

bool has_two_scripts(std::string_view word, detail::char_info const* bmp)
{
    UScriptCode first = USCRIPT_INVALID_CODE;
    for(std::size_t i = 0; i < word.size();)
    {
        auto const b = static_cast<uint8_t>(word[i]);
        UScriptCode s = USCRIPT_LATIN;
        if(b < 0x80)
        {
            ++i;
            if((b | 0x20) < 'a' || (b | 0x20) > 'z')
                continue;  // not a letter
        }
        else
        {
            UChar32 const c = detail::next_code_point(word, i);
            if(c < 0 || ! (detail::info_of(c, bmp).bits & detail::latin_letter))
            {
                if(c < 0 || ! u_isalpha(c))
                    continue;
                UErrorCode ec = U_ZERO_ERROR;
                s = uscript_getScript(c, &ec);
                if(s == USCRIPT_COMMON || s == USCRIPT_INHERITED)
                    continue;
            }
        }
        if(first == USCRIPT_INVALID_CODE)
            first = s;
        else if(s != first)
            return true;
    }
    return false;
}

}  // namespace

namespace detail {

std::vector<std::string> text_flags(std::string_view display_text, token_list const& tokens)
{
    return text_flags(display_text, tokens, has_foreign_letter(display_text, detail::bmp_table()));
}

std::vector<std::string> text_flags(std::string_view display_text, token_list const& tokens, bool foreign_letter)
{
    std::vector<std::string> flags;
    detail::char_info const* const bmp = detail::bmp_table();
    if(! foreign_letter)
        return flags;  // only Latin letters: no word can mix two scripts
    auto const* sc = checker();
    for(auto const& t : tokens.items)
    {
        auto const& span = t.span;
        auto const word = display_text.substr(span.begin, span.end - span.begin);
        if(! has_two_scripts(word, bmp))
            continue;
        UErrorCode ec = U_ZERO_ERROR;
        int32_t const r = sc ? uspoof_checkUTF8(sc, word.data(), static_cast<int32_t>(word.size()), nullptr, &ec) : 1;
        if(r != 0 || U_FAILURE(ec))
        {
            flags.push_back("mixed_script");
            break;
        }
    }
    return flags;
}

}  // namespace detail

std::vector<std::string> text_flags(std::string_view display_text)
{
    detail::token_list tokens;
    detail::tokenize(display_text, tokens);
    return detail::text_flags(display_text, tokens);
}

}  // namespace baro::text
