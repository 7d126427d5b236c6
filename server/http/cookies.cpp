#include "http/cookies.hpp"

#include "core/ascii.hpp"

namespace baro::http {

namespace {

bool secure_origin(std::string_view public_url)
{
    if(public_url.rfind("https://", 0) == 0)
        return true;
    auto const origin = origin_of(public_url);
    for(std::string_view loopback : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
        if(origin == loopback || origin.rfind(std::string(loopback) + ":", 0) == 0)
            return true;
    return false;
}

}  // namespace

std::string cookie_value(std::string_view header, std::string_view name)
{
    while(! header.empty())
    {
        auto const semi = header.find(';');
        auto const pair = trim_ascii(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        auto const eq = pair.find('=');
        if(eq != std::string_view::npos && trim_ascii(pair.substr(0, eq)) == name)
            return std::string(trim_ascii(pair.substr(eq + 1)));
    }
    return {};
}

std::string session_cookie_name(std::string_view public_url)
{
    return secure_origin(public_url) ? "__Host-baro_session" : "baro_session";
}

std::string session_cookie(std::string_view public_url, std::string_view token)
{
    std::string c = session_cookie_name(public_url) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict";
    if(secure_origin(public_url))
        c += "; Secure";
    if(token.empty())
        c += "; Max-Age=0";
    return c;
}

std::string origin_of(std::string_view url)
{
    auto const scheme = url.find("://");
    if(scheme == std::string_view::npos)
        return {};
    auto const end = url.find('/', scheme + 3);
    return std::string(url.substr(0, end));
}

}  // namespace baro::http
