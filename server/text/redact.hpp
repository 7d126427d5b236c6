#pragma once
#include <string>
#include <string_view>

namespace baro::text {

/// Display text fit for the public: phone numbers and e-mail addresses replaced by a label in the
/// reader's language `lang` ("fr", "bm", "en"; anything else reads as "fr"). Never throws; linear time.
std::string redact(std::string_view display_text, std::string_view lang);

}  // namespace baro::text
