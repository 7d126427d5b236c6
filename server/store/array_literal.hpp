#pragma once
#include <string>
#include <vector>

namespace baro::store {

/// A PostgreSQL text[] literal ('{"a","b\"c"}') for a query parameter: every element quoted,
/// quotes and backslashes escaped, so no element can break out. Pure.
std::string text_array_literal(std::vector<std::string> const& items);

}  // namespace baro::store
