#include "channels/telegram.hpp"

#include "channels/gateway_auth.hpp"
#include "channels/parse_support.hpp"
#include "channels/sender.hpp"
#include "core/json_text.hpp"

#include <charconv>
#include <cstdint>

namespace baro::channels {

using detail::id_at;
using detail::member;
using detail::text_at;
using nlohmann::json;

bool verify_telegram(std::string_view secret_token, std::string_view header) { return token_matches(secret_token, header); }

result<telegram_update> parse_telegram(std::string_view body)
{
    auto j = detail::parse_object(body, "Telegram");
    if(! j)
        return std::move(j).err();
    return detail::guarded<telegram_update>("Telegram", [&]() -> result<telegram_update> {
        auto const& id = member(*j, "update_id", "");
        if(! id.is_number_integer())
            throw detail::field_error("update_id must be an integer");
        telegram_update update;
        auto const it = j->find("message");
        if(it == j->end())
            return update;  // edited messages, channel posts, callback queries…: nothing to store
        auto const& message = *it;
        auto const text = message.is_object() && message.contains("text")      ? text_at(message, "text", "message")
                          : message.is_object() && message.contains("caption") ? text_at(message, "caption", "message")
                                                                               : std::string();
        // A voice note, an audio file or a photo (its largest size, the last of the array): its
        // file_id goes through getFile after the commit.
        std::optional<media_ref> media;
        if(message.is_object())
        {
            for(char const* kind : {"voice", "audio"})
                if(! media && message.contains(kind))
                {
                    auto const& v = message.at(kind);
                    media = media_ref{"audio", id_at(v, "file_id", kind), v.is_object() ? v.value("mime_type", "") : ""};
                }
            auto const& photos = detail::array_or_empty(message, "photo");
            if(! media && ! photos.empty())
                media = media_ref{"image", id_at(photos.back(), "file_id", "photo"), "image/jpeg"};
        }
        if((text.empty() && ! media) || ! message.contains("from"))
            return update;  // stickers, locations, service messages; anonymous group admins
        inbound_message m;
        m.channel = "telegram";
        m.provider = "telegram";
        m.external_id = id.dump();
        m.sender_id = platform_sender("telegram", id_at(message.at("from"), "id", "message.from"));
        m.text = text;
        m.media = std::move(media);
        update.chat_id = id_at(member(message, "chat", "message"), "id", "message.chat");
        update.messages.push_back(std::move(m));
        return update;
    });
}

std::string telegram_reply(std::string_view chat_id, std::string_view text)
{
    json reply = {{"method", "sendMessage"}, {"text", std::string(text)}};
    std::int64_t numeric = 0;
    auto const [end, ec] = std::from_chars(chat_id.data(), chat_id.data() + chat_id.size(), numeric);
    if(ec == std::errc{} && end == chat_id.data() + chat_id.size() && ! chat_id.empty())
        reply["chat_id"] = numeric;
    else
        reply["chat_id"] = std::string(chat_id);  // @channelusername
    return dump_json(reply);
}

}  // namespace baro::channels
