#include "text/icu_cache.hpp"

#include <unicode/locid.h>
#include <unicode/utext.h>

#include <memory>

namespace baro::text::detail {
namespace {

icu::Normalizer2 const* instance(char const* name, UNormalization2Mode mode)
{
    UErrorCode ec = U_ZERO_ERROR;
    auto const* n = icu::Normalizer2::getInstance(nullptr, name, mode, ec);
    return U_SUCCESS(ec) ? n : nullptr;
}

// One iterator per thread, reused across calls; its UText is re-opened on each call
// (a shallow open over the caller's bytes: no copy).
struct thread_iterator
{
    std::unique_ptr<icu::BreakIterator> it;
    UText text = UTEXT_INITIALIZER;

    explicit thread_iterator(icu::BreakIterator const* prototype) : it(prototype ? prototype->clone() : nullptr) {}
    ~thread_iterator() { utext_close(&text); }
    thread_iterator(thread_iterator const&) = delete;
    thread_iterator& operator=(thread_iterator const&) = delete;

    icu::BreakIterator* set(std::string_view utf8)
    {
        if(! it)
            return nullptr;
        UErrorCode ec = U_ZERO_ERROR;
        utext_openUTF8(&text, utf8.data(), static_cast<int64_t>(utf8.size()), &ec);
        if(U_FAILURE(ec))
            return nullptr;
        it->setText(&text, ec);
        return U_SUCCESS(ec) ? it.get() : nullptr;
    }
};

icu::BreakIterator const* grapheme_prototype()
{
    static std::unique_ptr<icu::BreakIterator> const p = [] {
        UErrorCode ec = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> b(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), ec));
        return U_SUCCESS(ec) ? std::move(b) : nullptr;
    }();
    return p.get();
}

icu::BreakIterator const* word_prototype()
{
    static std::unique_ptr<icu::BreakIterator> const p = [] {
        UErrorCode ec = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> b(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), ec));
        return U_SUCCESS(ec) ? std::move(b) : nullptr;
    }();
    return p.get();
}

}  // namespace

icu::Normalizer2 const* nfc()
{
    static auto const* n = instance("nfc", UNORM2_COMPOSE);
    return n;
}

icu::Normalizer2 const* nfkc_casefold()
{
    static auto const* n = instance("nfkc_cf", UNORM2_COMPOSE);
    return n;
}

icu::Normalizer2 const* nfd()
{
    static auto const* n = instance("nfc", UNORM2_DECOMPOSE);
    return n;
}

icu::Normalizer2 const* nfkd()
{
    static auto const* n = instance("nfkc", UNORM2_DECOMPOSE);
    return n;
}

icu::BreakIterator* grapheme_iterator(std::string_view utf8)
{
    thread_local thread_iterator t(grapheme_prototype());
    return t.set(utf8);
}

icu::BreakIterator* word_iterator(std::string_view utf8)
{
    thread_local thread_iterator t(word_prototype());
    return t.set(utf8);
}

}  // namespace baro::text::detail
