#pragma once
#include "replies/outbound.hpp"

#include <chrono>
#include <string>

namespace baro::outbox {

/// A provider's answer: its HTTP status (0 when none came: timeout, refused, TLS failure) and body.
struct http_answer
{
    long status = 0;
    std::string body;
    std::string error;  ///< libcurl's reason when status is 0; names no address
};

/// Performs `r` with libcurl (blocking: call it from the outbox's own threads only). HTTPS
/// certificates and host names are verified against the system's CA store; redirects are not
/// followed; `timeout` bounds the whole exchange.
http_answer perform(replies::outbound_request const& r, std::chrono::seconds timeout);

/// A file fetched by download().
struct download_answer
{
    long status = 0;        ///< 0 when no answer came (timeout, refused, TLS failure)
    std::string body;       ///< the bytes, up to the cap
    bool too_large = false; ///< the file (its Content-Length, or the bytes that came) passed the cap
    std::string error;      ///< libcurl's reason when status is 0
};

/// Downloads `r` (a GET) with libcurl, at most `max_bytes` (the transfer stops as soon as more
/// come, or at once when Content-Length says more). Redirects are followed (up to 3, http and
/// https only; libcurl never sends our Authorization header to another host). Blocking: the media
/// fetcher's own thread only.
download_answer download(replies::outbound_request const& r, std::chrono::seconds timeout, std::size_t max_bytes);

/// libcurl's process-wide set-up: call once before any thread performs a request.
void init_https();

}  // namespace baro::outbox
