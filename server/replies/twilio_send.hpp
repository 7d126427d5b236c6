#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

namespace baro::replies {

/// Twilio Messages API: POST {api_base}/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP basic
/// auth (Account SID, Auth Token), form fields To, From, Body; a WhatsApp reply's addresses carry
/// "whatsapp:". Twilio takes no idempotency key (a retried POST may send twice). Pure.
outbound_request twilio_send_request(twilio_send_keys const& keys, std::string const& auth_token, reply_message const& m);

}  // namespace baro::replies
