#include "core/form.hpp"

namespace baro {

namespace {
int hex_value(char c)
{
    if(c >= '0' && c <= '9')
        return c - '0';
    if(c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if(c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<std::string> url_decode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for(std::size_t i = 0; i < s.size(); ++i)
    {
        char const c = s[i];
        if(c == '+')
            out.push_back(' ');
        else if(c == '%')
        {
            if(i + 2 >= s.size())
                return std::nullopt;
            int const hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if(hi < 0 || lo < 0)
                return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        }
        else
            out.push_back(c);
    }
    return out;
}

std::string url_encode(std::string_view s)
{
    static char const digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for(unsigned char c : s)
    {
        bool const unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                                c == '_' || c == '.' || c == '~';
        if(unreserved)
            out.push_back(static_cast<char>(c));
        else
        {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    return out;
}

std::optional<form_fields> parse_urlencoded(std::string_view body)
{
    form_fields fields;
    while(! body.empty())
    {
        auto const amp = body.find('&');
        auto const pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if(pair.empty())
            continue;
        auto const eq = pair.find('=');
        auto name = url_decode(pair.substr(0, eq));
        auto value = url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if(! name || ! value)
            return std::nullopt;
        fields.emplace_back(std::move(*name), std::move(*value));
    }
    return fields;
}

std::optional<std::string> field(form_fields const& f, std::string_view name)
{
    for(auto const& [k, v] : f)
        if(k == name)
            return v;
    return std::nullopt;
}

}  // namespace baro
