#pragma once
#include "text/tokens.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// The language and script a text is written in.
struct language_guess
{
    std::string language;   ///< "fr", "bm", "mixed" or "unknown"
    std::string script;     ///< "Latn", "Nkoo", or "" when the text has no letters
};

/// Guesses the language of display text: Bambara letters (ɛ ɔ ɲ ŋ) or N'Ko make it Bambara,
/// otherwise function words vote. Never throws; linear time.
language_guess guess_language(std::string_view display_text);

namespace detail {

/// `guess_language` over tokens already computed from `display_text` (with their spans).
language_guess guess_language(std::string_view display_text, std::vector<token> const& tokens,
                              std::vector<token_span> const& spans);

}  // namespace detail
}  // namespace baro::text
