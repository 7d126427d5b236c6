#pragma once
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace baro::channels {

/// Answers Meta's GET verification handshake: the `hub.challenge` to send back (as text/plain) when
/// `hub.mode` is "subscribe" and `hub.verify_token` matches; errc::forbidden otherwise,
/// errc::bad_request when the challenge is missing or not a plain token.
result<std::string> meta_handshake(form_fields const& query, std::string_view verify_token);

/// True when `signature_header` ("sha256=<hex>") is HMAC-SHA256(app_secret, raw_body). Meta signs the
/// bytes it sent (non-ASCII escaped as \uXXXX): pass the body exactly as received, never re-serialised.
bool verify_meta(std::string_view app_secret, std::string_view raw_body, std::string_view signature_header);

/// The text messages of a WhatsApp Cloud API ("whatsapp_business_account") or Messenger ("page")
/// delivery, each message id once, and the public posts of a Page `feed` change or an Instagram
/// ("instagram") `comments`/`mentions` change (channel "facebook"/"instagram", with their source).
/// A WhatsApp `audio`/`voice`/`image` message and a Messenger audio or image attachment carry a
/// media_ref (the media id or the attachment URL; a caption is the text). Statuses, echoes, reads and
/// other messages are skipped; a delivery of another object type
/// gives an empty batch.
result<inbound_batch> parse_meta(std::string_view raw_body);

}  // namespace baro::channels
