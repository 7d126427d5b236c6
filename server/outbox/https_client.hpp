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

/// libcurl's process-wide set-up: call once before any thread performs a request.
void init_https();

}  // namespace baro::outbox
