#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace baro {

/// Compact JSON text of `j` that never throws: invalid UTF-8 in a string becomes U+FFFD (plain
/// dump() throws on it, and citizens' bytes reach some of these values). Pure.
std::string dump_json(nlohmann::json const& j);

}  // namespace baro
