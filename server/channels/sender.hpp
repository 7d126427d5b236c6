#pragma once
#include <string>
#include <string_view>

namespace baro::channels {

/// Country code assumed for 8-digit national numbers.
constexpr std::string_view mali_country_code = "223";

/// A phone number in E.164 ("+22376123456"): `tel:`/`whatsapp:` prefixes dropped, spaces, dots,
/// dashes and brackets removed, `00` read as `+`, Mali's 8-digit national numbers given +223,
/// 9 to 15 bare digits read as international without the `+` (WhatsApp's wa_id).
/// Anything else (short codes, alphanumeric sender names) comes back trimmed and otherwise unchanged.
std::string normalize_phone(std::string_view raw);

/// A platform account id, prefixed so it can never equal a phone number: "messenger:<id>", "telegram:<id>".
std::string platform_sender(std::string_view platform, std::string_view id);

}  // namespace baro::channels
