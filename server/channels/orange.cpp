#include "channels/orange.hpp"

#include "channels/charset.hpp"
#include "channels/parse_support.hpp"
#include "channels/sender.hpp"

namespace baro::channels {

using detail::member;
using detail::text_at;
using nlohmann::json;

namespace {

inbound_message orange_message(json const& in)
{
    constexpr std::string_view where = "inboundSMSMessage";
    inbound_message m;
    m.channel = "sms";
    m.provider = "orange";
    m.sender_id = normalize_phone(text_at(in, "senderAddress", where));
    m.recipient = in.contains("destinationAddress") ? normalize_phone(text_at(in, "destinationAddress", where)) : "";
    m.text = text_at(in, "message", where);
    if(in.contains("messageId") && ! in.at("messageId").is_null())
        m.external_id = detail::id_at(in, "messageId", where);
    if(m.external_id.empty())
    {
        auto const date = in.contains("dateTime") ? text_at(in, "dateTime", where) : std::string();
        m.external_id = detail::synthetic_id({m.sender_id, date, m.text});
    }
    return m;
}

}  // namespace

result<inbound_batch> parse_orange(std::string_view body)
{
    // Some operator platforms send Latin-1 text inside a JSON body; nlohmann rejects it, so decode first.
    auto const decoded = utf8_or_cp1252(body);
    bool const recoded = decoded != body;
    auto j = detail::parse_object(decoded, "Orange");
    if(! j)
        return std::move(j).err();
    return detail::guarded<inbound_batch>("Orange", [&]() -> result<inbound_batch> {
        auto const& notification = member(*j, "inboundSMSMessageNotification", "");
        auto const& in = member(notification, "inboundSMSMessage", "inboundSMSMessageNotification");
        inbound_batch batch;
        if(in.is_array())
            for(auto const& one : in)
                detail::append_unique(batch, orange_message(one));
        else
            batch.push_back(orange_message(in));
        for(auto& m : batch)
            m.recoded = recoded;
        return batch;
    });
}

}  // namespace baro::channels
