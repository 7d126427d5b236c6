#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace baro::publish {

/// A strong ETag of a body: a quoted prefix of its SHA-256. Pure.
std::string etag_of(std::string_view body);

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for Last-Modified. Pure.
std::string http_date(std::int64_t unix_seconds);

/// True when an If-None-Match header value (a list, weak tags, or `*`) matches `etag`. Pure.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace baro::publish
