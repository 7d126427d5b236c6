#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::http {

/// Path parameters captured by a route pattern.
using route_params = std::map<std::string, std::string, std::less<>>;

/// What the router found for a method and path.
struct route_match
{
    enum class kind
    {
        found,
        not_found,
        method_not_allowed
    } outcome = kind::not_found;
    std::size_t index = 0;  ///< the route's registration order, when found
    route_params params;
    std::string allow;  ///< methods allowed on this path, for 405
};

/// Matches request paths against patterns such as `/c/{slug}` or `/static/{path*}` (`*` takes the
/// rest of the path). Literal segments win over parameters. Pure: no I/O, no Beast types.
class router
{
public:
    /// Adds a route; returns its index.
    std::size_t add(std::string method, std::string pattern);

    /// Finds the route for `method` and the (already split from its query) `path`.
    route_match match(std::string_view method, std::string_view path) const;

    /// The pattern of route `index` (the metrics label).
    std::string const& pattern(std::size_t index) const { return routes_.at(index).pattern; }

private:
    struct route
    {
        std::string method, pattern;
        std::vector<std::string> segments;
    };
    static bool match_segments(route const& r, std::vector<std::string_view> const& parts, route_params& out);
    std::vector<route> routes_;
};

/// True for the moderator console and APIs (/mod, /mod/…, /api/v1/mod/…, /api/v1/admin/…): their answers carry
/// `Cache-Control: no-store`, so no browser or proxy cache keeps a moderator's data.
bool is_private_path(std::string_view path);

/// Splits a request target into path and query (without '?').
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

}  // namespace baro::http
