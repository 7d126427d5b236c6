#include "http/template.hpp"

namespace baro::http {

std::string render_template(std::string_view tpl, template_values const& values)
{
    std::string out;
    out.reserve(tpl.size() * 2);
    std::size_t i = 0;
    while(i < tpl.size())
    {
        auto const open = tpl.find("{{", i);
        if(open == std::string_view::npos)
        {
            out.append(tpl.substr(i));
            break;
        }
        out.append(tpl.substr(i, open - i));
        bool const raw = tpl.substr(open, 3) == "{{{";
        auto const start = open + (raw ? 3 : 2);
        auto const close = tpl.find(raw ? "}}}" : "}}", start);
        if(close == std::string_view::npos)
        {
            out.append(tpl.substr(open));
            break;
        }
        auto const name = tpl.substr(start, close - start);
        if(auto it = values.find(name); it != values.end())
            out += raw ? it->second : html_escape(it->second);
        i = close + (raw ? 3 : 2);
    }
    return out;
}

}  // namespace baro::http
