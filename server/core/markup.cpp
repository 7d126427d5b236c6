#include "core/markup.hpp"

namespace baro {

std::string html_escape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for(char c : s)
    {
        switch(c)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string xml_escape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for(char c : s)
    {
        switch(c)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if(static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                out += c;
        }
    }
    return out;
}

}  // namespace baro
