#include "ingest/public_route.hpp"

#include <cctype>

namespace baro::ingest {

namespace {

constexpr std::string_view hashtag_form = "x:hashtag:";

bool equal_ascii_nocase(std::string_view a, std::string_view b)
{
    if(a.size() != b.size())
        return false;
    for(std::size_t i = 0; i < a.size(); ++i)
        if(std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace

bool names_route(std::string_view recipient, std::string_view route)
{
    if(route.substr(0, hashtag_form.size()) != hashtag_form)
        return recipient == route;
    if(! equal_ascii_nocase(recipient.substr(0, hashtag_form.size()), hashtag_form))
        return false;
    auto tag = recipient.substr(hashtag_form.size());
    if(! tag.empty() && tag.front() == '#')
        tag.remove_prefix(1);  // an organiser may write the '#'
    return equal_ascii_nocase(tag, route.substr(hashtag_form.size()));
}

store::consultation_info const* route_public_post(store::catalog const& catalog, std::vector<std::string> const& routes)
{
    for(auto const& r : routes)
        for(auto const& c : catalog)
            if(c.open())
                for(auto const& recipient : c.recipients)
                    if(names_route(recipient, r))
                        return &c;
    return nullptr;
}

}  // namespace baro::ingest
