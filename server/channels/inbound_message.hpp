#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace baro::channels {

/// One citizen message as a gateway delivered it, provider-neutral. The sender id is raw here and
/// must be pseudonymized by ingest/ before anything is stored or logged.
struct inbound_message
{
    std::string channel;      ///< "sms", "whatsapp", "messenger", "telegram", "ussd"
    std::string provider;     ///< "twilio", "africastalking", "orange", "meta", "telegram", "smssync"
    std::string external_id;  ///< the provider's message id (or a hash when the provider gives none)
    std::string sender_id;    ///< normalized: E.164 for phones, platform id otherwise. Never stored.
    std::string recipient;    ///< our number, short code, page or bot: used for routing
    std::string text;         ///< the text bytes as received (may not be UTF-8)
    bool recoded = false;     ///< the gateway sent Latin-1/windows-1252, already decoded to UTF-8 here
    std::int64_t sent_at = 0; ///< unix seconds the provider dated the message (WhatsApp, Messenger); 0: unknown
};

/// What a delivery carried: zero or more messages (status callbacks carry none).
using inbound_batch = std::vector<inbound_message>;

}  // namespace baro::channels
