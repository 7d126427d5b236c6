#include "replies/orange_send.hpp"

#include "core/form.hpp"

#include <nlohmann/json.hpp>

namespace baro::replies {

namespace {
std::string tel(std::string const& number) { return number.rfind("tel:", 0) == 0 ? number : "tel:" + number; }
}  // namespace

outbound_request orange_token_request(orange_send_keys const& keys)
{
    outbound_request r;
    r.url = keys.api_base + "/oauth/v3/token";
    r.headers = {{"Authorization", basic_auth(keys.client_id, keys.client_secret)},
                 {"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
    r.body = "grant_type=client_credentials";
    return r;
}

std::optional<orange_token> parse_orange_token(std::string_view body)
{
    auto const j = nlohmann::json::parse(body, nullptr, false);
    if(j.is_discarded() || ! j.is_object() || ! j.contains("access_token") || ! j.at("access_token").is_string())
        return std::nullopt;
    orange_token t;
    t.access_token = j.at("access_token").get<std::string>();
    if(t.access_token.empty())
        return std::nullopt;
    auto const expires = j.value("expires_in", nlohmann::json(3600));
    if(expires.is_number_integer())
        t.expires_in = std::chrono::seconds(expires.get<long long>());
    else if(expires.is_string())  // some gateways quote it
        t.expires_in = std::chrono::seconds(std::strtoll(expires.get<std::string>().c_str(), nullptr, 10));
    return t;
}

outbound_request orange_send_request(orange_send_keys const& keys, std::string const& token, reply_message const& m)
{
    auto const sender = tel(keys.sender_address.empty() ? m.route : keys.sender_address);
    outbound_request r;
    r.url = keys.api_base + "/smsmessaging/v1/outbound/" + url_encode(sender) + "/requests";
    r.headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}, {"Accept", "application/json"}};
    nlohmann::json const body{{"outboundSMSMessageRequest",
                               {{"address", tel(m.recipient)},
                                {"senderAddress", sender},
                                {"outboundSMSTextMessage", {{"message", m.text}}},
                                {"clientCorrelator", m.idempotency_key}}}};
    r.body = body.dump();
    return r;
}

}  // namespace baro::replies
