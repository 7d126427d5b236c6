#include "store/array_literal.hpp"

namespace baro::store {

std::string text_array_literal(std::vector<std::string> const& items)
{
    array_literal a;
    for(auto const& item : items)
        a.text(item);
    return a.str();
}

void array_literal::separate()
{
    if(out_.size() > 1)
        out_ += ',';
}

array_literal& array_literal::text(std::string const& s)
{
    separate();
    out_ += '"';
    for(char c : s)
    {
        if(c == '"' || c == '\\')
            out_ += '\\';
        out_ += c;
    }
    out_ += '"';
    return *this;
}

array_literal& array_literal::null()
{
    separate();
    out_ += "NULL";
    return *this;
}

array_literal& array_literal::number(std::int64_t n)
{
    separate();
    out_ += std::to_string(n);
    return *this;
}

array_literal& array_literal::boolean(bool b)
{
    separate();
    out_ += b ? 't' : 'f';
    return *this;
}

std::string const& array_literal::str()
{
    if(! closed_)
        out_ += '}';
    closed_ = true;
    return out_;
}

}  // namespace baro::store
