#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace baro::store {

/// A PostgreSQL text[] literal ('{"a","b\"c"}') for a query parameter: every element quoted,
/// quotes and backslashes escaped, so no element can break out. Pure.
std::string text_array_literal(std::vector<std::string> const& items);

/// Builds one array literal element by element, for a column of rows sent as one parameter (the
/// writer's batch, unnest'ed by PostgreSQL): text is quoted and escaped as in text_array_literal(),
/// NULL and numbers are written bare. Pure.
class array_literal
{
public:
    array_literal& text(std::string const& s);    ///< a quoted element
    array_literal& null();                        ///< an SQL NULL element
    array_literal& number(std::int64_t n);        ///< a bigint element
    array_literal& boolean(bool b);               ///< t or f
    std::string const& str();                     ///< the literal, closed; the builder is then done
    void reserve(std::size_t bytes) { out_.reserve(bytes); }

private:
    void separate();
    std::string out_ = "{";
    bool closed_ = false;
};

}  // namespace baro::store
