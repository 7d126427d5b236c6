#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace baro::live {

/// One Server-Sent Events frame: `id:`, `event:`, one `data:` line per line of `data`, blank line.
/// CR and LF in `data` start new data lines, so a payload can never inject a field. Pure.
std::string sse_frame(std::uint64_t id, std::string_view event, std::string_view data);

/// A heartbeat comment frame; it keeps proxies from closing an idle stream.
std::string_view sse_heartbeat();

/// The response head of an event stream (HTTP/1.1, no length: the stream ends when the connection does).
std::string_view sse_response_head();

/// Reads a Last-Event-ID value; 0 when absent or malformed. Pure.
std::uint64_t parse_last_event_id(std::string_view value);

}  // namespace baro::live
