#include "moderation/rules/consultation_fields.hpp"

#include <array>
#include <cstdio>

namespace baro::moderation {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s, std::size_t min, std::size_t max)
{
    if(s.size() < min || s.size() > max)
        return false;
    for(char c : s)
        if(! is_digit(c))
            return false;
    return true;
}

// A platform id: digits, optionally two groups joined by '_' (Facebook's post ids "page_post").
bool is_platform_id(std::string_view s)
{
    auto const u = s.find('_');
    if(u == std::string_view::npos)
        return all_digits(s, 1, 30);
    return all_digits(s.substr(0, u), 1, 30) && all_digits(s.substr(u + 1), 1, 30);
}

// A hashtag without '#': letters, digits and '_' (any non-ASCII letter byte is taken as a letter).
bool is_hashtag(std::string_view s)
{
    if(s.empty() || s.size() > 100)
        return false;
    for(unsigned char c : s)
        if(! (c >= 0x80 || is_digit(static_cast<char>(c)) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
            return false;
    return true;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    auto const era = (y >= 0 ? y : y - 399) / 400;
    auto const yoe = static_cast<unsigned>(y - era * 400);
    auto const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    auto const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<int> number_at(std::string_view s, std::size_t at, std::size_t width)
{
    if(at + width > s.size())
        return std::nullopt;
    int n = 0;
    for(std::size_t i = at; i < at + width; ++i)
    {
        if(! is_digit(s[i]))
            return std::nullopt;
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

}  // namespace

bool is_slug(std::string_view s)
{
    if(s.empty() || s.size() > 63 || s.front() == '-')
        return false;
    for(char c : s)
        if(! ((c >= 'a' && c <= 'z') || is_digit(c) || c == '-'))
            return false;
    return true;
}

std::string recipient_problem(std::string_view r)
{
    if(r.empty())
        return "A recipient is empty.";
    if(r.front() == '+')
        return all_digits(r.substr(1), 8, 15) ? "" : "A number is + and 8 to 15 digits: \"" + std::string(r) + "\".";
    if(r.front() == '*')
    {
        bool ok = r.size() >= 3 && r.back() == '#' && is_digit(r[1]);
        for(std::size_t i = 1; ok && i + 1 < r.size(); ++i)
            ok = is_digit(r[i]) || (r[i] == '*' && r[i - 1] != '*');
        return ok ? "" : "A USSD code looks like *384*2021#: \"" + std::string(r) + "\".";
    }
    if(is_digit(r.front()))
        return all_digits(r, 3, 20) ? "" : "A short code, Page or bot id is 3 to 20 digits: \"" + std::string(r) + "\".";
    struct social
    {
        std::string_view prefix;
        bool (*valid)(std::string_view);
    };
    static constexpr std::array<social, 5> routes{{{"facebook:page:", [](std::string_view s) { return all_digits(s, 1, 30); }},
                                                   {"facebook:post:", is_platform_id},
                                                   {"instagram:account:", [](std::string_view s) { return all_digits(s, 1, 30); }},
                                                   {"x:account:", [](std::string_view s) { return all_digits(s, 1, 30); }},
                                                   {"x:hashtag:", is_hashtag}}};
    for(auto const& route : routes)
        if(starts_with(r, route.prefix))
            return route.valid(r.substr(route.prefix.size())) ? ""
                                                              : "\"" + std::string(r) + "\" has no valid id after " +
                                                                    std::string(route.prefix) + ".";
    return "Unknown recipient \"" + std::string(r) +
           "\": a number, short code, USSD code, Page or bot id, or facebook:page:, facebook:post:, instagram:account:, "
           "x:account:, x:hashtag: followed by an id.";
}

bool is_sms_keyword(std::string_view k)
{
    if(k.size() > 20)
        return false;
    for(char c : k)
        if(! (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    return true;
}

std::vector<std::string> const& known_channels()
{
    static std::vector<std::string> const all{"web", "api", "sms", "ussd", "whatsapp", "messenger", "telegram",
                                              "facebook", "instagram", "x"};
    return all;
}

std::optional<std::int64_t> parse_bamako_time(std::string_view text)
{
    if(! text.empty() && text.back() == 'Z')
        text.remove_suffix(1);
    if(text.size() != 16 && text.size() != 19)
        return std::nullopt;
    if(text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
       (text.size() == 19 && text[16] != ':'))
        return std::nullopt;
    auto const y = number_at(text, 0, 4), mo = number_at(text, 5, 2), d = number_at(text, 8, 2);
    auto const h = number_at(text, 11, 2), mi = number_at(text, 14, 2);
    auto const s = text.size() == 19 ? number_at(text, 17, 2) : std::optional<int>(0);
    if(! y || ! mo || ! d || ! h || ! mi || ! s || *y < 1970 || *mo < 1 || *mo > 12 || *h > 23 || *mi > 59 || *s > 59)
        return std::nullopt;
    static constexpr std::array<int, 12> month_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    auto const last = month_days[*mo - 1] + (*mo == 2 && is_leap(*y) ? 1 : 0);
    if(*d < 1 || *d > last)
        return std::nullopt;
    // Africa/Bamako is UTC+0 without daylight saving: local time is UTC.
    return days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86400 + *h * 3600 + *mi * 60 + *s;
}

std::string format_bamako_time(std::int64_t seconds)
{
    auto days = seconds / 86400;
    auto rest = seconds % 86400;
    if(rest < 0)
    {
        rest += 86400;
        --days;
    }
    // civil_from_days (Howard Hinnant)
    days += 719468;
    auto const era = (days >= 0 ? days : days - 146096) / 146097;
    auto const doe = static_cast<unsigned>(days - era * 146097);
    auto const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    auto const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    auto const mp = (5 * doy + 2) / 153;
    auto const d = doy - (153 * mp + 2) / 5 + 1;
    auto const m = mp < 10 ? mp + 3 : mp - 9;
    auto const y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    char out[32];
    std::snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld", static_cast<long long>(y), m, d,
                  static_cast<long long>(rest / 3600), static_cast<long long>(rest % 3600 / 60));
    return out;
}

}  // namespace baro::moderation
