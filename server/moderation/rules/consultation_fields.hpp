#pragma once
// What an admin may type into a consultation's or a theme's fields. Pure: the JSON API, the HTML
// forms and the tests share one reading of each field.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::moderation {

/// A slug: 1–63 characters of a–z, 0–9 and '-', not starting with '-' (the column's check).
bool is_slug(std::string_view s);

/// Why `r` is not a consultation recipient, as a sentence; "" when it is one. Accepted: a number
/// (+ and 8–15 digits), a short code, Page or bot id (3–20 digits), a USSD code (*384*2021#), and
/// the social routes facebook:page:<id>, facebook:post:<id>, instagram:account:<id>,
/// x:account:<id>, x:hashtag:<tag>.
std::string recipient_problem(std::string_view r);

/// An SMS routing keyword: 1–20 letters or digits (ASCII), or "" for none.
bool is_sms_keyword(std::string_view k);

/// The channels a consultation may take.
std::vector<std::string> const& known_channels();

/// Mali's time zone, as the admin labels its times: Africa/Bamako is UTC+0 all year (no DST).
constexpr char const* consultation_time_zone = "Africa/Bamako";

/// Seconds since 1970 of a date-time typed in Africa/Bamako time, "YYYY-MM-DDTHH:MM" (an HTML
/// datetime-local field) or with ":SS", a space instead of 'T', or a trailing "Z"; nullopt when it
/// is no valid date-time.
std::optional<std::int64_t> parse_bamako_time(std::string_view text);

/// The time `seconds` as Africa/Bamako shows it: "YYYY-MM-DDTHH:MM" (what datetime-local reads).
std::string format_bamako_time(std::int64_t seconds);

}  // namespace baro::moderation
