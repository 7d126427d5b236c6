#include "channels/sender.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>

namespace baro::channels {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return ! s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

bool starts_with_nocase(std::string_view s, std::string_view prefix)
{
    if(s.size() < prefix.size())
        return false;
    for(std::size_t i = 0; i < prefix.size(); ++i)
        if(std::tolower(static_cast<unsigned char>(s[i])) != prefix[i])
            return false;
    return true;
}

}  // namespace

std::string normalize_phone(std::string_view raw)
{
    auto s = trim_ascii(raw);
    for(bool again = true; again;)
    {
        again = false;
        for(std::string_view prefix : {"tel:", "whatsapp:"})
            if(starts_with_nocase(s, prefix))
            {
                s = trim_ascii(s.substr(prefix.size()));
                again = true;
            }
    }

    std::string compact;
    for(char c : s)
        if(c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/')
            compact.push_back(c);

    std::string_view digits = compact;
    bool international = false;
    if(! digits.empty() && digits.front() == '+')
    {
        digits.remove_prefix(1);
        international = true;
    }
    else if(digits.size() > 2 && digits.substr(0, 2) == "00")
    {
        digits.remove_prefix(2);
        international = true;
    }
    if(! all_digits(digits))
        return std::string(s);
    if(international)
        return digits.size() >= 6 && digits.size() <= 15 ? "+" + std::string(digits) : std::string(s);
    if(digits.size() == 8)
        return "+" + std::string(mali_country_code) + std::string(digits);
    if(digits.size() >= 9 && digits.size() <= 15)
        return "+" + std::string(digits);
    return std::string(digits);
}

std::string platform_sender(std::string_view platform, std::string_view id)
{
    std::string out(platform);
    out += ':';
    out += id;
    return out;
}

}  // namespace baro::channels
