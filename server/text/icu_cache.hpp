#pragma once
// Process-wide ICU singletons and per-thread break iterators (internal to baro_text).
// Normalizer2 instances are immutable and thread-safe; break iterators are not, so each
// thread clones its own from one prototype: no lock on the hot path.
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>

#include <string_view>

namespace baro::text::detail {

/// The NFC normalizer, or nullptr if ICU data is missing.
icu::Normalizer2 const* nfc();

/// The NFKC_Casefold normalizer, or nullptr if ICU data is missing.
icu::Normalizer2 const* nfkc_casefold();

/// The NFD normalizer, or nullptr if ICU data is missing.
icu::Normalizer2 const* nfd();

/// The NFKD normalizer (compatibility decompositions: full-width forms, ligatures, circled
/// digits), or nullptr if ICU data is missing.
icu::Normalizer2 const* nfkd();

/// This thread's grapheme-cluster iterator set on `utf8`, or nullptr. Valid until the next call on this thread.
icu::BreakIterator* grapheme_iterator(std::string_view utf8);

/// This thread's word iterator set on `utf8`, or nullptr. Valid until the next call on this thread.
icu::BreakIterator* word_iterator(std::string_view utf8);

}  // namespace baro::text::detail
