#include "publish/http_cache.hpp"

#include "core/crypto.hpp"

#include <ctime>

namespace baro::publish {

std::string etag_of(std::string_view body) { return "\"" + crypto::to_hex(crypto::sha256(body)).substr(0, 24) + "\""; }

std::string http_date(std::int64_t unix_seconds)
{
    std::time_t const t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static constexpr char const* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr char const* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag)
{
    auto const strip_weak = [](std::string_view t) { return t.substr(0, 2) == "W/" ? t.substr(2) : t; };
    etag = strip_weak(etag);
    while(! if_none_match.empty())
    {
        auto const comma = if_none_match.find(',');
        auto item = if_none_match.substr(0, comma);
        if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
        while(! item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while(! item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if(item == "*" || (! item.empty() && strip_weak(item) == etag))
            return true;
    }
    return false;
}

}  // namespace baro::publish
