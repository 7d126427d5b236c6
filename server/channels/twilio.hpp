#pragma once
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace baro::channels {

/// The X-Twilio-Signature Twilio computes: base64(HMAC-SHA1(auth_token, url + each name+value, sorted)).
std::string twilio_signature(std::string_view auth_token, std::string_view url, form_fields const& params);

/// True when `signature_header` is Twilio's signature of the delivery. `url` is the public URL Twilio
/// requested (scheme, host, path and query); it matches with or without its port, as Twilio's libraries do.
bool verify_twilio(std::string_view auth_token, std::string_view url, form_fields const& params,
                   std::string_view signature_header);

/// An incoming SMS or WhatsApp message (channel "whatsapp" when From starts with `whatsapp:`).
/// A status callback (MessageStatus, no Body) gives an empty batch. NumMedia > 0 gives a media_ref
/// of MediaUrl0 (kind by MediaContentType0: image/… is an image, anything else audio until checked).
result<inbound_batch> parse_twilio(form_fields const& params);

/// A TwiML answer sending `message` back to the citizen; an empty message gives `<Response/>` (no reply).
std::string twiml_reply(std::string_view message);

}  // namespace baro::channels
