#include "live/sse_format.hpp"

#include <charconv>

namespace baro::live {

std::string sse_frame(std::uint64_t id, std::string_view event, std::string_view data)
{
    std::string out;
    out.reserve(data.size() + event.size() + 40);
    out += "id: " + std::to_string(id) + "\nevent: ";
    for(char c : event)
        if(c != '\r' && c != '\n')
            out += c;
    out += "\ndata: ";
    for(std::size_t i = 0; i < data.size(); ++i)
    {
        char const c = data[i];
        if(c == '\r' || c == '\n')
        {
            if(c == '\r' && i + 1 < data.size() && data[i + 1] == '\n')
                ++i;
            out += "\ndata: ";
        }
        else
            out += c;
    }
    out += "\n\n";
    return out;
}

std::string_view sse_heartbeat() { return ": heartbeat\n\n"; }

std::string_view sse_response_head()
{
    return "HTTP/1.1 200 OK\r\n"
           "Content-Type: text/event-stream; charset=utf-8\r\n"
           "Cache-Control: no-cache, no-transform\r\n"
           "Access-Control-Allow-Origin: *\r\n"
           "X-Accel-Buffering: no\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "Connection: close\r\n"
           "\r\n"
           "retry: 2000\n\n";
}

std::uint64_t parse_last_event_id(std::string_view value)
{
    std::uint64_t id = 0;
    auto const r = std::from_chars(value.data(), value.data() + value.size(), id);
    if(r.ec != std::errc{} || r.ptr != value.data() + value.size())
        return 0;
    return id;
}

}  // namespace baro::live
