#include "store/array_literal.hpp"

namespace baro::store {

std::string text_array_literal(std::vector<std::string> const& items)
{
    std::string out = "{";
    for(auto const& item : items)
    {
        if(out.size() > 1)
            out += ',';
        out += '"';
        for(char c : item)
        {
            if(c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

}  // namespace baro::store
