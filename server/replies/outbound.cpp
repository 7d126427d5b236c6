#include "replies/outbound.hpp"

#include "core/crypto.hpp"
#include "core/form.hpp"

namespace baro::replies {

std::string form_body(std::vector<std::pair<std::string, std::string>> const& fields)
{
    std::string out;
    for(auto const& [name, value] : fields)
    {
        if(! out.empty())
            out += '&';
        out += url_encode(name) + '=' + url_encode(value);
    }
    return out;
}

std::string basic_auth(std::string const& user, std::string const& password)
{
    return "Basic " + crypto::base64(user + ":" + password);
}

std::string platform_id(std::string const& address)
{
    auto const colon = address.find(':');
    return colon == std::string::npos ? address : address.substr(colon + 1);
}

}  // namespace baro::replies
