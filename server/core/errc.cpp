#include "core/errc.hpp"

namespace baro {

std::string_view to_string(errc e)
{
    switch(e)
    {
    case errc::bad_request: return "bad_request";
    case errc::invalid_encoding: return "invalid_encoding";
    case errc::unauthorized: return "unauthorized";
    case errc::forbidden: return "forbidden";
    case errc::not_found: return "not_found";
    case errc::method_not_allowed: return "method_not_allowed";
    case errc::conflict: return "conflict";
    case errc::payload_too_large: return "payload_too_large";
    case errc::unsupported_media: return "unsupported_media";
    case errc::unprocessable: return "unprocessable";
    case errc::too_many_requests: return "too_many_requests";
    case errc::unavailable: return "unavailable";
    case errc::internal: return "internal";
    }
    return "unknown";
}

}  // namespace baro
