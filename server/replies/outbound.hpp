#pragma once
#include <string>
#include <utility>
#include <vector>

namespace baro::replies {

/// One reply ready to send: which client sends it, to whom, from which of our addresses, what.
struct reply_message
{
    std::string provider;   ///< the send client: twilio, africastalking, orange, whatsapp, messenger, telegram
    std::string channel;    ///< sms, whatsapp, messenger, telegram
    std::string recipient;  ///< the citizen's address as ingest normalized it (+223…, messenger:<id>, telegram:<id>)
    std::string route;      ///< our side as the citizen wrote to it: number, WhatsApp phone_number_id, Page id
    std::string text;
    std::string idempotency_key;  ///< a UUID, the same on every attempt of one reply
};

/// One HTTPS request to a provider's send API, built by a pure function and performed by outbox/.
struct outbound_request
{
    std::string method = "POST";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

/// The "application/x-www-form-urlencoded" body of `fields`, in order.
std::string form_body(std::vector<std::pair<std::string, std::string>> const& fields);

/// "Basic " + base64(user:password), for an Authorization header.
std::string basic_auth(std::string const& user, std::string const& password);

/// `address` without its platform prefix ("telegram:42" → "42"); unchanged when it has none.
std::string platform_id(std::string const& address);

}  // namespace baro::replies
