#pragma once
#include "core/result.hpp"
#include "http/message.hpp"

#include <string>
#include <string_view>

namespace baro::http {

/// The one map from an expected failure to its HTTP status.
bh::status status_of(errc e);

/// A response with a body and content type, and the headers every response carries.
response make_response(bh::status status, std::string_view content_type, std::string body);

/// True when a Content-Type header names `type` (lower case): case-insensitive, parameters such as
/// "; charset=utf-8" allowed, nothing else ("application/jsonx" is not JSON). Pure.
bool media_type_is(std::string_view header, std::string_view type);

/// An HTML page response, with the Content-Security-Policy that forbids inline script.
response html(bh::status status, std::string body);

/// A JSON response.
response json_response(bh::status status, std::string body);

/// `{"error": code, "message": …, "field": …}` with the mapped status (and Retry-After on 503/429).
response json_error(error const& e);

/// A 303 See Other to `location`.
response redirect(std::string const& location);

/// Adds Retry-After when the status asks the client to come back later.
void add_retry_after(response& r);

}  // namespace baro::http
