#pragma once
#include <string>
#include <string_view>

namespace baro::text {

/// Display text fit for the public: phone numbers and e-mail addresses (also in other digits,
/// full-width forms, with more separators, or obfuscated as `[at]`/`arobase`) replaced by a label in
/// the reader's language `lang` ("fr", "bm", "en"; anything else reads as "fr"); the rest of the text
/// stays byte for byte. Never throws; linear time. Rules: docs/text.md §6.
std::string redact(std::string_view display_text, std::string_view lang);

}  // namespace baro::text
