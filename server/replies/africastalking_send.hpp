#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

namespace baro::replies {

/// Africa's Talking SMS: POST {api_base}/version1/messaging with the apiKey header and the form
/// fields username, to, message and (when known) from. No idempotency key exists. Pure.
outbound_request africastalking_send_request(africastalking_send_keys const& keys, reply_message const& m);

}  // namespace baro::replies
