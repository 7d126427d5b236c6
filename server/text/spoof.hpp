#pragma once
#include "text/tokens.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// Moderator flags about the display text itself: "mixed_script" when a word mixes scripts the way
/// look-alike spoofing does ("Вamako" with a Cyrillic В), per ICU's spoof checker. Never throws.
std::vector<std::string> text_flags(std::string_view display_text);

namespace detail {

/// `text_flags` over the token spans `tokenize` already found in `display_text`.
std::vector<std::string> text_flags(std::string_view display_text, token_list const& tokens);

/// The same, told whether `display_text` has a letter outside Latin (see `guess_language`).
std::vector<std::string> text_flags(std::string_view display_text, token_list const& tokens, bool has_foreign_letter);

}  // namespace detail

}  // namespace baro::text
