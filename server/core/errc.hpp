#pragma once
#include <string_view>

namespace baro {

/// Expected failures, one list for the whole server; http/response.cpp (status_of) maps them to HTTP status.
enum class errc
{
    bad_request,         ///< malformed input (400)
    invalid_encoding,    ///< bytes that are not valid text (400)
    unauthorized,        ///< no or bad credentials (401)
    forbidden,           ///< bad signature, wrong role, CSRF (403)
    not_found,           ///< no such resource (404)
    method_not_allowed,  ///< route exists, method does not (405)
    conflict,            ///< state conflict, e.g. an idempotency key reused with another body (409)
    payload_too_large,   ///< body over the route's limit (413)
    unsupported_media,   ///< wrong Content-Type (415)
    unprocessable,       ///< well-formed but invalid, e.g. empty text (422)
    too_many_requests,   ///< throttled (429)
    unavailable,         ///< database down or queue full: retry later (503)
    internal,            ///< a bug (500)
};

/// A short stable name for logs and metrics.
std::string_view to_string(errc e);

}  // namespace baro
