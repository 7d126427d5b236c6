#include "http/response.hpp"

#include "core/json_text.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

namespace baro::http {

bh::status status_of(errc e)
{
    switch(e)
    {
    case errc::bad_request: return bh::status::bad_request;
    case errc::invalid_encoding: return bh::status::bad_request;
    case errc::unauthorized: return bh::status::unauthorized;
    case errc::forbidden: return bh::status::forbidden;
    case errc::not_found: return bh::status::not_found;
    case errc::method_not_allowed: return bh::status::method_not_allowed;
    case errc::conflict: return bh::status::conflict;
    case errc::payload_too_large: return bh::status::payload_too_large;
    case errc::unsupported_media: return bh::status::unsupported_media_type;
    case errc::unprocessable: return bh::status::unprocessable_entity;
    case errc::too_many_requests: return bh::status::too_many_requests;
    case errc::unavailable: return bh::status::service_unavailable;
    case errc::internal: return bh::status::internal_server_error;
    }
    return bh::status::internal_server_error;
}

bool media_type_is(std::string_view header, std::string_view type)
{
    auto const end = header.find(';');
    auto name = header.substr(0, end);
    while(! name.empty() && (name.back() == ' ' || name.back() == '\t'))
        name.remove_suffix(1);
    while(! name.empty() && (name.front() == ' ' || name.front() == '\t'))
        name.remove_prefix(1);
    if(name.size() != type.size())
        return false;
    for(std::size_t i = 0; i < name.size(); ++i)
        if(std::tolower(static_cast<unsigned char>(name[i])) != type[i])
            return false;
    return true;
}

response make_response(bh::status status, std::string_view content_type, std::string body)
{
    response r{status, 11};
    r.set(bh::field::content_type, content_type);
    r.set("X-Content-Type-Options", "nosniff");
    // Never to other sites; within baro the browser then sends Origin on form posts (with no-referrer
    // Chromium sends "Origin: null", and the CSRF check could not tell our own forms).
    r.set("Referrer-Policy", "same-origin");
    r.body() = std::move(body);
    add_retry_after(r);
    return r;
}

response html(bh::status status, std::string body)
{
    auto r = make_response(status, "text/html; charset=utf-8", std::move(body));
    r.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    r.set(bh::field::cache_control, "no-store");
    return r;
}

response json_response(bh::status status, std::string body)
{
    return make_response(status, "application/json; charset=utf-8", std::move(body));
}

response json_error(error const& e)
{
    nlohmann::json j{{"error", std::string(to_string(e.code))}, {"message", e.message}};
    if(! e.field.empty())
        j["field"] = e.field;
    return json_response(status_of(e.code), dump_json(j));
}

response redirect(std::string const& location)
{
    auto r = make_response(bh::status::see_other, "text/plain; charset=utf-8", "");
    r.set(bh::field::location, location);
    return r;
}

void add_retry_after(response& r)
{
    if(r.result() == bh::status::service_unavailable || r.result() == bh::status::too_many_requests)
        r.set(bh::field::retry_after, "2");
}

}  // namespace baro::http
