#include "channels/meta.hpp"

#include "channels/gateway_auth.hpp"
#include "channels/meta_public.hpp"
#include "channels/parse_support.hpp"
#include "channels/sender.hpp"
#include "core/crypto.hpp"

#include <algorithm>
#include <cstdlib>

namespace baro::channels {

using detail::id_at;
using detail::member;
using detail::text_at;
using nlohmann::json;

namespace {

constexpr std::size_t max_challenge_chars = 256;

bool plain_token(std::string_view s)
{
    return ! s.empty() && s.size() <= max_challenge_chars && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
    });
}

void whatsapp_messages(json const& value, inbound_batch& batch)
{
    auto const& messages = detail::array_or_empty(value, "messages");
    if(messages.empty())
        return;  // statuses, errors and other change fields carry no citizen text
    auto const recipient = id_at(member(value, "metadata", "value"), "phone_number_id", "value.metadata");
    for(auto const& msg : messages)
    {
        auto const type = text_at(msg, "type", "message");
        if(type != "text" && type != "audio" && type != "voice" && type != "image")
            continue;
        inbound_message m;
        m.channel = "whatsapp";
        m.provider = "meta";
        m.external_id = text_at(msg, "id", "message");
        m.sender_id = normalize_phone(id_at(msg, "from", "message"));
        m.recipient = recipient;
        if(type == "text")
            m.text = text_at(member(msg, "text", "message"), "body", "message.text");
        else
        {
            // A media message carries a media id, resolved to a URL through the Graph API after the
            // commit; an image's caption is its text.
            auto const& media = member(msg, type.c_str(), "message");
            m.media = media_ref{type == "image" ? "image" : "audio", id_at(media, "id", "message.media"),
                                media.is_object() ? media.value("mime_type", "") : ""};
            if(media.is_object() && media.contains("caption") && media.at("caption").is_string())
                m.text = media.at("caption").get<std::string>();
        }
        // Unix seconds as a string: the 24-hour window for a reply starts here.
        if(msg.contains("timestamp") && msg.at("timestamp").is_string())
            m.sent_at = std::strtoll(msg.at("timestamp").get<std::string>().c_str(), nullptr, 10);
        detail::append_unique(batch, std::move(m));
    }
}

void messenger_event(json const& event, std::string const& page_id, inbound_batch& batch)
{
    if(! event.is_object() || ! event.contains("message"))
        return;  // deliveries, reads, postbacks
    auto const& message = event.at("message");
    if(! message.is_object() || message.value("is_echo", false))
        return;  // our own page's messages come back as echoes
    // The first audio or image attachment, fetched from its payload URL after the commit.
    std::optional<media_ref> media;
    for(auto const& a : detail::array_or_empty(message, "attachments"))
    {
        auto const type = a.is_object() ? a.value("type", "") : "";
        if((type == "audio" || type == "image") && a.contains("payload") && a.at("payload").is_object() &&
           a.at("payload").contains("url"))
        {
            media = media_ref{type, text_at(a.at("payload"), "url", "attachment.payload"), ""};
            break;
        }
    }
    if(! message.contains("text") && ! media)
        return;  // stickers, files, locations: nothing to keep
    inbound_message m;
    m.channel = "messenger";
    m.provider = "meta";
    m.external_id = text_at(message, "mid", "message");
    m.sender_id = platform_sender("messenger", id_at(member(event, "sender", "messaging"), "id", "sender"));
    m.recipient = event.contains("recipient") ? id_at(event.at("recipient"), "id", "recipient") : page_id;
    m.text = message.contains("text") ? text_at(message, "text", "message") : std::string();
    m.media = std::move(media);
    if(event.contains("timestamp") && event.at("timestamp").is_number_integer())
        m.sent_at = event.at("timestamp").get<std::int64_t>() / 1000;  // milliseconds
    detail::append_unique(batch, std::move(m));
}

}  // namespace

result<std::string> meta_handshake(form_fields const& query, std::string_view verify_token)
{
    auto const mode = field(query, "hub.mode");
    auto const token = field(query, "hub.verify_token");
    if(mode != "subscribe" || ! token || ! token_matches(verify_token, *token))
        return fail(errc::forbidden, "Meta verification refused: wrong mode or verify token");
    auto challenge = field(query, "hub.challenge");
    if(! challenge || ! plain_token(*challenge))
        return fail(errc::bad_request, "Meta verification lacks a plain hub.challenge", "hub.challenge");
    return std::move(*challenge);
}

bool verify_meta(std::string_view app_secret, std::string_view raw_body, std::string_view signature_header)
{
    constexpr std::string_view prefix = "sha256=";
    if(app_secret.empty() || signature_header.substr(0, prefix.size()) != prefix)
        return false;
    auto const given = crypto::from_hex(signature_header.substr(prefix.size()));
    return given.size() == 32 && crypto::equal_constant_time(crypto::hmac_sha256(app_secret, raw_body), given);
}

result<inbound_batch> parse_meta(std::string_view raw_body)
{
    auto j = detail::parse_object(raw_body, "Meta");
    if(! j)
        return std::move(j).err();
    return detail::guarded<inbound_batch>("Meta", [&]() -> result<inbound_batch> {
        auto const object = text_at(*j, "object", "");
        inbound_batch batch;
        for(auto const& entry : detail::array_or_empty(*j, "entry"))
        {
            if(object == "whatsapp_business_account")
            {
                for(auto const& change : detail::array_or_empty(entry, "changes"))
                    if(change.is_object() && change.contains("value"))
                        whatsapp_messages(change.at("value"), batch);
            }
            else if(object == "page")
            {
                auto const page_id = entry.is_object() && entry.contains("id") ? id_at(entry, "id", "entry") : "";
                for(auto const& event : detail::array_or_empty(entry, "messaging"))
                    messenger_event(event, page_id, batch);
                for(auto const& change : detail::array_or_empty(entry, "changes"))
                    if(change.is_object() && change.value("field", "") == "feed" && change.contains("value"))
                        detail::page_feed_change(change.at("value"), page_id, batch);
            }
            else if(object == "instagram")
            {
                auto const account = entry.is_object() && entry.contains("id") ? id_at(entry, "id", "entry") : "";
                auto const time = entry.is_object() && entry.contains("time") && entry.at("time").is_number_integer()
                                      ? entry.at("time").get<std::int64_t>()
                                      : 0;
                for(auto const& change : detail::array_or_empty(entry, "changes"))
                {
                    auto const field = change.is_object() ? change.value("field", "") : "";
                    if((field == "comments" || field == "mentions") && change.contains("value"))
                        detail::instagram_change(change.at("value"), account, time, batch);
                }
            }
        }
        return batch;
    });
}

}  // namespace baro::channels
