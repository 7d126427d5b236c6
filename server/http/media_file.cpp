#include "http/media_file.hpp"

#include "http/response.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>

namespace baro::http {

std::optional<std::pair<std::size_t, std::size_t>> byte_range(std::string_view header, std::size_t size)
{
    constexpr std::string_view unit = "bytes=";
    if(header.substr(0, unit.size()) != unit || size == 0 || header.find(',') != std::string_view::npos)
        return std::nullopt;
    auto const spec = header.substr(unit.size());
    auto const dash = spec.find('-');
    if(dash == std::string_view::npos)
        return std::nullopt;
    auto number = [](std::string_view s, std::size_t& out) {
        auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ! s.empty() && ec == std::errc{} && end == s.data() + s.size();
    };
    std::size_t first = 0, last = size - 1;
    if(dash == 0)
    {
        std::size_t suffix = 0;
        if(! number(spec.substr(1), suffix) || suffix == 0)
            return std::nullopt;
        first = suffix >= size ? 0 : size - suffix;
    }
    else
    {
        if(! number(spec.substr(0, dash), first) || first >= size)
            return std::nullopt;
        if(dash + 1 < spec.size() && (! number(spec.substr(dash + 1), last) || last < first))
            return std::nullopt;
        last = std::min(last, size - 1);
    }
    return std::make_pair(first, last);
}

response media_file_response(request const& req, std::string const& dir, store::media_file const& f,
                             std::string_view cache_control)
{
    std::ifstream in(dir + "/" + f.sha256, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if(! in.is_open() || (! in.good() && ! in.eof()))
        return json_error(fail(errc::not_found, "No such medium."));
    auto const range = byte_range(req.msg[bh::field::range], bytes.size());
    auto const total = bytes.size();
    if(range)
        bytes = bytes.substr(range->first, range->second - range->first + 1);
    auto r = make_response(range ? bh::status::partial_content : bh::status::ok, f.content_type, std::move(bytes));
    r.set(bh::field::cache_control, cache_control);
    r.set(bh::field::accept_ranges, "bytes");
    r.set("X-Content-Type-Options", "nosniff");
    r.set(bh::field::content_disposition, "inline");
    if(range)
        r.set(bh::field::content_range,
              "bytes " + std::to_string(range->first) + "-" + std::to_string(range->second) + "/" + std::to_string(total));
    return r;
}

}  // namespace baro::http
