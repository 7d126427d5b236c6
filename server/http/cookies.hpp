#pragma once
#include <string>
#include <string_view>

namespace baro::http {

/// The value of cookie `name` in a Cookie header, or "". Pure.
std::string cookie_value(std::string_view header, std::string_view name);

/// The session cookie's name: `__Host-baro_session` where the browser sees a secure origin (https, or
/// a loopback address, which browsers treat as secure), else `baro_session` (the __Host- prefix
/// requires Secure). Pure.
std::string session_cookie_name(std::string_view public_url);

/// A Set-Cookie value for the session: HttpOnly, SameSite=Strict, Path=/, Secure on secure origins;
/// an empty token with Max-Age=0 clears it. Pure.
std::string session_cookie(std::string_view public_url, std::string_view token);

/// The origin (scheme://host[:port]) of a URL. Pure.
std::string origin_of(std::string_view url);

}  // namespace baro::http
