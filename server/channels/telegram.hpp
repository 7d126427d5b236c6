#pragma once
#include "channels/inbound_message.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace baro::channels {

/// A Telegram Update: its message (none for edits, callbacks, joins, stickers…) and the chat to answer in.
struct telegram_update
{
    inbound_batch messages;  ///< zero or one message; external_id is the update_id
    std::string chat_id;     ///< message.chat.id, for telegram_reply; empty when there is no message
};

/// True when the X-Telegram-Bot-Api-Secret-Token header equals the secret_token given to setWebhook.
bool verify_telegram(std::string_view secret_token, std::string_view header);

/// Parses an Update: sender message.from.id, text message.text or else message.caption; a `voice`,
/// `audio` or `photo` (largest size) gives a media_ref with its file_id.
result<telegram_update> parse_telegram(std::string_view body);

/// The optional webhook answer `{"method":"sendMessage","chat_id":…,"text":…}` replying in `chat_id`.
std::string telegram_reply(std::string_view chat_id, std::string_view text);

}  // namespace baro::channels
