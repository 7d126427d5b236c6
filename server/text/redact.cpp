#include "text/redact.hpp"

#include "text/utf8.hpp"

#include <cstdint>

namespace baro::text {
namespace {

using detail::is_ascii_alnum;

struct labels
{
    std::string_view phone;
    std::string_view email;
};

labels labels_for(std::string_view lang)
{
    if(lang == "en")
        return {"[number hidden]", "[e-mail hidden]"};
    if(lang == "bm")
        return {"[nimɔrɔ dogolen]", "[e-mail dogolen]"};
    return {"[numéro masqué]", "[e-mail masqué]"};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_phone_separator(char c) { return c == ' ' || c == '.' || c == '-'; }

bool is_year(std::string_view four)
{
    int const y = (four[0] - '0') * 1000 + (four[1] - '0') * 100 + (four[2] - '0') * 10 + (four[3] - '0');
    return y >= 1800 && y <= 2099;
}

// "1958-1959", "1960 1970": two years, not a number written 4-4 (dev.fr has many).
bool is_year_range(std::string_view s, std::size_t i)
{
    return s[i + 4] == '-' || (is_year(s.substr(i, 4)) && is_year(s.substr(i + 5, 4)));
}

// A phone number starting at `i` (on '+' or a digit not glued to a word): its end, or `i` when none.
// Accepted: + and 8 to 15 digits (E.164, +223 for Mali); 00 and 10 to 17 digits; 223 and 8 more
// digits; 8 local digits written whole, 2-2-2-2 or 4-4 (Malian numbers). Groups are separated by
// one space, dot or dash. Dates (12.05.2023), amounts (1 000 000) and year ranges (1958-1959) do not
// match.
std::size_t phone_end(std::string_view s, std::size_t i)
{
    std::size_t const n = s.size();
    bool const plus = s[i] == '+';
    std::size_t p = plus ? i + 1 : i;
    if(p >= n || ! is_digit(s[p]))
        return i;
    std::size_t groups[24];
    std::size_t group_count = 0;
    std::size_t digits = 0;
    std::size_t end = p;
    while(p < n && group_count < 24)
    {
        std::size_t const start = p;
        while(p < n && is_digit(s[p]) && digits < 20)
        {
            ++p;
            ++digits;
        }
        groups[group_count++] = p - start;
        end = p;
        if(p + 1 < n && is_phone_separator(s[p]) && is_digit(s[p + 1]) && digits < 17)
            ++p;
        else
            break;
    }
    if(end < n && (is_ascii_alnum(s[end]) || static_cast<uint8_t>(s[end]) >= 0x80))
        return i;   // glued to a word: a reference, not a phone number
    bool ok = false;
    if(plus)
        ok = digits >= 8 && digits <= 15;
    else if(s.compare(i, 2, "00") == 0)
        ok = digits >= 10 && digits <= 17;
    else if(s.compare(i, 3, "223") == 0 && groups[0] >= 3)
        ok = digits == 11;
    if(! ok && ! plus && digits == 8)
    {
        bool pairs = group_count == 4;
        for(std::size_t g = 0; g < group_count && pairs; ++g)
            pairs = groups[g] == 2;
        ok = group_count == 1 || pairs || (group_count == 2 && groups[0] == 4 && ! is_year_range(s, i));
    }
    return ok ? end : i;
}

bool is_local_char(char c)
{
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool is_domain_char(char c) { return is_ascii_alnum(c) || c == '-' || c == '.'; }

// The e-mail address around the '@' at `at`: [begin, end), or begin == end when none.
std::pair<std::size_t, std::size_t> email_around(std::string_view s, std::size_t at, std::size_t floor)
{
    std::size_t b = at;
    while(b > floor && is_local_char(s[b - 1]))
        --b;
    std::size_t e = at + 1;
    while(e < s.size() && is_domain_char(s[e]))
        ++e;
    while(e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
        --e;
    std::string_view const domain = s.substr(at + 1, e - at - 1);
    std::size_t const dot = domain.rfind('.');
    bool const ok = b < at && dot != std::string_view::npos && dot > 0 && domain.size() - dot - 1 >= 2;
    return ok ? std::pair{b, e} : std::pair{at, at};
}

}  // namespace

std::string redact(std::string_view text, std::string_view lang)
{
    labels const l = labels_for(lang);
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;   // text[0, copied) is in `out`
    std::size_t const n = text.size();
    for(std::size_t i = 0; i < n; ++i)
    {
        char const c = text[i];
        if(c == '@')
        {
            auto const [b, e] = email_around(text, i, copied);
            if(b == e)
                continue;
            out.append(text.substr(copied, b - copied)).append(l.email);
            copied = e;
            i = e - 1;
            continue;
        }
        if(c != '+' && ! is_digit(c))
            continue;
        if(i > 0 && (is_ascii_alnum(text[i - 1]) || text[i - 1] == '+'))
            continue;
        std::size_t const e = phone_end(text, i);
        if(e == i)
        {
            while(i + 1 < n && is_digit(text[i + 1]))
                ++i;   // the next try starts at the next group: each try reads at most 20 digits
            continue;
        }
        out.append(text.substr(copied, i - copied)).append(l.phone);
        copied = e;
        i = e - 1;
    }
    out.append(text.substr(copied));
    return out;
}

}  // namespace baro::text
