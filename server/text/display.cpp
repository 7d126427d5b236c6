#include "text/display.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>

namespace baro::text {

bool is_valid_utf8(std::string_view bytes)
{
    int32_t i = 0;
    int32_t const n = static_cast<int32_t>(bytes.size());
    auto const* s = reinterpret_cast<uint8_t const*>(bytes.data());
    while(i < n)
    {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if(c < 0)
            return false;
    }
    return true;
}

std::size_t count_chars(std::string_view utf8)
{
    auto const u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    UErrorCode ec = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), ec));
    if(U_FAILURE(ec))
        return static_cast<std::size_t>(u.countChar32());
    it->setText(u);
    std::size_t n = 0;
    for(auto p = it->next(); p != icu::BreakIterator::DONE; p = it->next())
        ++n;
    return n;
}

display_result display_form(std::string_view bytes, std::size_t max_chars)
{
    display_result r;
    UErrorCode ec = U_ZERO_ERROR;
    auto const* nfc = icu::Normalizer2::getNFCInstance(ec);
    auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(bytes.data(), static_cast<int32_t>(bytes.size())));
    auto n = nfc->normalize(u, ec);
    n.trim();
    n.toUTF8String(r.text);
    r.chars = count_chars(r.text);
    (void)max_chars;
    return r;
}

}  // namespace baro::text
