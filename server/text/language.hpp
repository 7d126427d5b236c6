#pragma once
#include "text/tokens.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// The language and script a text is written in.
struct language_guess
{
    std::string language;  ///< "fr", "bm", "mixed" or "unknown"
    std::string script;    ///< "Latn", "Nkoo", or "" when the text has no letters
};

/// Guesses the language of display text: Bambara letters (ɛ ɔ ɲ ŋ) or N'Ko make it Bambara,
/// otherwise function words vote. Never throws; linear time.
language_guess guess_language(std::string_view display_text);

namespace detail {

/// `guess_language` over the tokens (with their spans and votes) already computed from `display_text`.
/// Sets `*foreign_letter` (when not null) to whether some letter is in a script other than Latin,
/// Common and Inherited: the pre-test of `text_flags`, found in the same pass as the letter counts.
language_guess guess_language(std::string_view display_text, token_list const& tokens, bool* foreign_letter = nullptr);

}  // namespace detail
}  // namespace baro::text
