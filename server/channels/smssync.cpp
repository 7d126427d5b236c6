#include "channels/smssync.hpp"

#include "channels/gateway_auth.hpp"
#include "channels/parse_support.hpp"
#include "channels/sender.hpp"
#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

namespace baro::channels {

bool verify_smssync(std::string_view secret, form_fields const& fields)
{
    return token_matches(secret, field(fields, "secret").value_or(""));
}

result<inbound_batch> parse_smssync(form_fields const& fields)
{
    auto from = detail::required_field(fields, "from", "SMSSync");
    if(! from)
        return std::move(from).err();
    auto message = detail::required_field(fields, "message", "SMSSync");
    if(! message)
        return std::move(message).err();
    if(from->find_first_not_of(" \t") == std::string::npos)
        return fail(errc::bad_request, "SMSSync delivery has an empty from", "from");

    inbound_message m;
    m.channel = "sms";
    m.provider = "smssync";
    m.sender_id = normalize_phone(*from);
    m.recipient = normalize_phone(field(fields, "sent_to").value_or(""));
    m.external_id = field(fields, "message_id").value_or("");
    if(m.external_id.empty())
        m.external_id = detail::synthetic_id({m.sender_id, field(fields, "sent_timestamp").value_or(""), *message});
    m.text = std::move(*message);
    return inbound_batch{std::move(m)};
}

std::string smssync_reply(bool success, std::string_view error)
{
    nlohmann::json payload = {{"success", success}, {"error", nullptr}};
    if(! success)
        payload["error"] = std::string(error);
    return dump_json(nlohmann::json{{"payload", payload}});
}

namespace {

nlohmann::json messages_json(std::vector<smssync_message> const& messages)
{
    auto out = nlohmann::json::array();
    for(auto const& m : messages)
        out.push_back({{"to", m.to}, {"message", m.message}, {"uuid", m.uuid}});
    return out;
}

}  // namespace

std::string smssync_accepted(std::string_view secret, std::vector<smssync_message> const& messages)
{
    nlohmann::json payload = {{"success", true}, {"error", nullptr}};
    if(! messages.empty())
    {
        payload["task"] = "send";
        payload["secret"] = std::string(secret);
        payload["messages"] = messages_json(messages);
    }
    return dump_json(nlohmann::json{{"payload", payload}});
}

std::string smssync_send_task(std::string_view secret, std::vector<smssync_message> const& messages)
{
    return dump_json(
        nlohmann::json{{"payload", {{"task", "send"}, {"secret", std::string(secret)}, {"messages", messages_json(messages)}}}});
}

bool is_smssync_send_task(form_fields const& query) { return field(query, "task").value_or("") == "send"; }

bool is_smssync_sent_task(form_fields const& query) { return field(query, "task").value_or("") == "sent"; }

result<smssync_sent> parse_smssync_sent(std::string_view body)
{
    auto const j = nlohmann::json::parse(body, nullptr, false);
    if(! j.is_object() || ! j.contains("queued_messages") || ! j["queued_messages"].is_array())
        return fail(errc::bad_request, "SMSSync confirmation is not {\"queued_messages\":[…]}", "queued_messages");
    auto const& list = j["queued_messages"];
    if(list.size() > smssync_sent_limit)
        return fail(errc::bad_request, "SMSSync confirmation has too many uuids", "queued_messages");
    smssync_sent out;
    for(auto const& u : list)
    {
        if(! u.is_string())
            return fail(errc::bad_request, "SMSSync confirmation has a uuid that is not a string", "queued_messages");
        out.uuids.push_back(u.get<std::string>());
    }
    if(j.contains("secret") && j["secret"].is_string())
        out.secret = j["secret"].get<std::string>();
    return out;
}

std::string smssync_sent_answer(std::vector<std::string> const& uuids)
{
    return dump_json(nlohmann::json{{"message_uuids", uuids}});
}

}  // namespace baro::channels
