#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

namespace baro::replies {

/// WhatsApp Cloud API: POST {api_base}/{version}/{phone-number-id}/messages, bearer token, JSON
/// {"messaging_product": "whatsapp", "recipient_type": "individual", "to", "type": "text", "text":
/// {"body"}}. The phone-number id is the one the citizen wrote to. No idempotency key exists. Pure.
outbound_request whatsapp_send_request(meta_send_keys const& keys, reply_message const& m);

/// Messenger Send API: POST {api_base}/{version}/{page-id}/messages (me/messages when the Page is
/// not known), bearer Page token, JSON {"recipient": {"id"}, "messaging_type": "RESPONSE",
/// "message": {"text"}}. No idempotency key exists. Pure.
outbound_request messenger_send_request(meta_send_keys const& keys, reply_message const& m);

}  // namespace baro::replies
