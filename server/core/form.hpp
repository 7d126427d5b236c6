#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baro {

/// Decoded `application/x-www-form-urlencoded` fields, in the order received (names may repeat).
using form_fields = std::vector<std::pair<std::string, std::string>>;

/// Percent-decodes one component (`+` becomes a space); nullopt on a malformed escape.
std::optional<std::string> url_decode(std::string_view s);

/// Percent-encodes one component the way browsers and gateways do (space as %20, RFC 3986 unreserved kept).
std::string url_encode(std::string_view s);

/// Parses an urlencoded body or query string; nullopt on a malformed escape.
std::optional<form_fields> parse_urlencoded(std::string_view body);

/// The first value of `name`, if present.
std::optional<std::string> field(form_fields const& f, std::string_view name);

}  // namespace baro
