#pragma once
#include <cstddef>
#include <string_view>

namespace baro {

/// The interface languages, French first; everything rendered per language follows this order.
constexpr std::string_view languages[] = {"fr", "bm", "en"};

/// How many interface languages there are.
constexpr std::size_t language_count = sizeof languages / sizeof languages[0];

/// The index of `lang` in `languages` (0, French, for anything unknown). Pure.
std::size_t language_index(std::string_view lang);

/// Picks the interface language: an explicit `?lang=` wins, then the best Accept-Language match,
/// then French. Pure.
std::string_view negotiate_language(std::string_view query_lang, std::string_view accept_language);

}  // namespace baro
