#pragma once
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace baro::channels {

/// True when the form's `secret` equals the secret configured in the SMSSync app.
bool verify_smssync(std::string_view secret, form_fields const& fields);

/// An SMS relayed by an SMSSync phone (from, message, message_id, sent_to, sent_timestamp, device_id).
/// Without message_id (old app versions) the id is a hash of sender, sent_timestamp and message.
result<inbound_batch> parse_smssync(form_fields const& fields);

/// SMSSync's JSON answer: {"payload":{"success":true,"error":null}}, or success false with the error text.
std::string smssync_reply(bool success, std::string_view error = {});

}  // namespace baro::channels
