#pragma once
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::channels {

/// True when the form's `secret` equals the secret configured in the SMSSync app.
bool verify_smssync(std::string_view secret, form_fields const& fields);

/// An SMS relayed by an SMSSync phone (from, message, message_id, sent_to, sent_timestamp, device_id).
/// Without message_id (old app versions) the id is a hash of sender, sent_timestamp and message.
result<inbound_batch> parse_smssync(form_fields const& fields);

/// SMSSync's JSON answer: {"payload":{"success":true,"error":null}}, or success false with the error text.
std::string smssync_reply(bool success, std::string_view error = {});

/// One SMS for the phone to send, with the server's uuid of it.
struct smssync_message
{
    std::string to, message, uuid;
};

/// The answer to a relayed SMS that was stored, with the SMS the phone is to send now (SMSSync's
/// "get reply from server"): {"payload":{"success":true,"error":null,"task":"send","secret":…,
/// "messages":[{"to":…,"message":…,"uuid":…}]}}; no task when there is nothing to send.
std::string smssync_accepted(std::string_view secret, std::vector<smssync_message> const& messages);

/// The answer to the phone's poll `GET ?task=send&secret=…`: {"payload":{"task":"send","secret":…,
/// "messages":[…]}} (the phone checks the secret before it sends anything).
std::string smssync_send_task(std::string_view secret, std::vector<smssync_message> const& messages);

/// True when a query string is SMSSync's poll for messages to send (task=send).
bool is_smssync_send_task(form_fields const& query);

/// True when a query string is SMSSync's confirmation of the SMS it took (POST ?task=sent).
bool is_smssync_sent_task(form_fields const& query);

/// The phone's confirmation (SMSSync's "Message Results API"): the JSON body
/// {"queued_messages":["uuid",…]}, the uuids of the SMS it took from our answers and queued for
/// sending; `secret` when the body carries one (else empty).
struct smssync_sent
{
    std::vector<std::string> uuids;
    std::string secret;
};

/// At most this many uuids are read from one confirmation.
constexpr std::size_t smssync_sent_limit = 500;

/// Parses the body of POST ?task=sent; bad_request unless it is a JSON object whose
/// `queued_messages` is an array of at most smssync_sent_limit strings.
result<smssync_sent> parse_smssync_sent(std::string_view body);

/// The answer to POST ?task=sent: {"message_uuids":[…]}, the uuids the server knows as handed to
/// the phone (the phone sends those and only those).
std::string smssync_sent_answer(std::vector<std::string> const& uuids);

}  // namespace baro::channels
