#include "http/router.hpp"

#include "core/form.hpp"

namespace baro::http {

namespace {
std::vector<std::string_view> split_path(std::string_view path)
{
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while(i < path.size())
    {
        if(path[i] == '/')
        {
            ++i;
            continue;
        }
        auto const j = path.find('/', i);
        parts.push_back(path.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
        i = j == std::string_view::npos ? path.size() : j;
    }
    return parts;
}

bool is_param(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
}  // namespace

std::pair<std::string_view, std::string_view> split_target(std::string_view target)
{
    auto const q = target.find('?');
    if(q == std::string_view::npos)
        return {target, {}};
    return {target.substr(0, q), target.substr(q + 1)};
}

bool is_private_path(std::string_view path)
{
    for(std::string_view prefix : {"/mod", "/api/v1/mod", "/api/v1/admin"})
        if(path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/'))
            return true;
    return false;
}

std::size_t router::add(std::string method, std::string pattern)
{
    route r{std::move(method), std::move(pattern), {}};
    for(auto s : split_path(r.pattern))
        r.segments.emplace_back(s);
    routes_.push_back(std::move(r));
    return routes_.size() - 1;
}

bool router::match_segments(route const& r, std::vector<std::string_view> const& parts, route_params& out)
{
    for(std::size_t i = 0; i < r.segments.size(); ++i)
    {
        auto const& seg = r.segments[i];
        bool const rest = is_param(seg) && seg[seg.size() - 2] == '*';
        if(rest)
        {
            if(i >= parts.size())
                return false;
            std::string joined;
            for(std::size_t k = i; k < parts.size(); ++k)
            {
                auto d = url_decode(parts[k]);
                if(! d || *d == ".." || d->find('/') != std::string::npos)
                    return false;
                joined += (k > i ? "/" : "") + *d;
            }
            out[seg.substr(1, seg.size() - 3)] = joined;
            return true;
        }
        if(i >= parts.size())
            return false;
        if(is_param(seg))
        {
            auto d = url_decode(parts[i]);
            if(! d)
                return false;
            out[seg.substr(1, seg.size() - 2)] = std::move(*d);
        }
        else if(seg != parts[i])
            return false;
    }
    return parts.size() == r.segments.size();
}

route_match router::match(std::string_view method, std::string_view path) const
{
    auto const parts = split_path(path);
    route_match best;
    int best_literals = -1;
    for(std::size_t i = 0; i < routes_.size(); ++i)
    {
        auto const& r = routes_[i];
        route_params params;
        if(! match_segments(r, parts, params))
            continue;
        if(r.method != method && ! (method == "HEAD" && r.method == "GET"))
        {
            if(best.allow.find(r.method) == std::string::npos)
                best.allow += (best.allow.empty() ? "" : ", ") + r.method;
            if(best.outcome == route_match::kind::not_found)
                best.outcome = route_match::kind::method_not_allowed;
            continue;
        }
        int literals = 0;
        for(auto const& s : r.segments)
            literals += is_param(s) ? 0 : 1;
        if(literals > best_literals)
        {
            best_literals = literals;
            best.outcome = route_match::kind::found;
            best.index = i;
            best.params = std::move(params);
        }
    }
    return best;
}

}  // namespace baro::http
