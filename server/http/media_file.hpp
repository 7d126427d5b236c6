#pragma once
// A stored voice note or picture as an HTTP answer, for the console (/mod/media) and for media a
// moderator published (/media): one way to read the file, answer a byte range and set the headers.
#include "http/message.hpp"
#include "store/media.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace baro::http {

/// The single byte range of a "bytes=first-last" / "bytes=first-" / "bytes=-suffix" header within
/// `size` bytes; nullopt for anything else (answered in full, as RFC 9110 allows).
std::optional<std::pair<std::size_t, std::size_t>> byte_range(std::string_view header, std::size_t size);

/// The file of `f` under `dir` (200, or 206 for a Range), typed by its bytes, never sniffed by the
/// browser, with `cache_control`; 404 when the file cannot be read. Blocking read: call it on a
/// store thread, never on an Asio thread.
response media_file_response(request const& req, std::string const& dir, store::media_file const& f,
                             std::string_view cache_control);

}  // namespace baro::http
