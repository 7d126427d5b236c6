// The request each provider's send API documents, built by the pure functions of server/replies/.
#include "core/crypto.hpp"
#include "core/form.hpp"
#include "replies/orange_send.hpp"
#include "replies/policy.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace baro;
using namespace baro::replies;

namespace {

std::string header(outbound_request const& r, std::string const& name)
{
    for(auto const& [n, v] : r.headers)
        if(n == name)
            return v;
    return {};
}

reply_message message(std::string provider, std::string channel, std::string recipient, std::string route)
{
    return {std::move(provider), std::move(channel),     std::move(recipient),
            std::move(route),    "I ni ce! Cikan sera.", "6f1c0e4e-3b1a-4c57-9d55-0c3b2f1a9e01"};
}

secrets keys()
{
    secrets k;
    k.outbox_key = std::string(32, 'k');
    k.twilio_auth_token = "token";
    k.twilio_send.account_sid = "AC123";
    k.at_send.username = "sandbox";
    k.at_send.api_key = "atkey";
    k.orange_send.client_id = "id";
    k.orange_send.client_secret = "secret";
    k.meta_send.access_token = "EAAG";
    k.telegram_send.bot_token = "123:abc";
    return k;
}

}  // namespace

TEST_CASE("a Twilio reply posts To, From and Body to the account's Messages.json with basic auth", "[replies]")
{
    auto const r = send_request(keys(), message("twilio", "sms", "+22376123456", "+22370000000"), "");
    CHECK(r.url == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json");
    CHECK(header(r, "Authorization") == "Basic " + crypto::base64("AC123:token"));
    auto const f = *parse_urlencoded(r.body);
    CHECK(*field(f, "To") == "+22376123456");
    CHECK(*field(f, "From") == "+22370000000");
    CHECK(*field(f, "Body") == "I ni ce! Cikan sera.");
}

TEST_CASE("a Twilio WhatsApp reply carries whatsapp: on both addresses", "[replies]")
{
    auto const f =
        *parse_urlencoded(send_request(keys(), message("twilio", "whatsapp", "+22376123456", "+14155238886"), "").body);
    CHECK(*field(f, "To") == "whatsapp:+22376123456");
    CHECK(*field(f, "From") == "whatsapp:+14155238886");
}

TEST_CASE("an Africa's Talking reply posts username, to, message and from with the apiKey header", "[replies]")
{
    auto const r = send_request(keys(), message("africastalking", "sms", "+22365123456", "36180"), "");
    CHECK(r.url == "https://api.africastalking.com/version1/messaging");
    CHECK(header(r, "apiKey") == "atkey");
    CHECK(header(r, "Accept") == "application/json");
    auto const f = *parse_urlencoded(r.body);
    CHECK(*field(f, "username") == "sandbox");
    CHECK(*field(f, "to") == "+22365123456");
    CHECK(*field(f, "from") == "36180");
}

TEST_CASE("Orange: the token request is client credentials with basic auth; the send is OneAPI JSON with a clientCorrelator",
          "[replies]")
{
    auto const t = orange_token_request(keys().orange_send);
    CHECK(t.url == "https://api.orange.com/oauth/v3/token");
    CHECK(header(t, "Authorization") == "Basic " + crypto::base64("id:secret"));
    CHECK(t.body == "grant_type=client_credentials");
    auto const token = parse_orange_token(R"({"token_type":"Bearer","access_token":"abc","expires_in":3600})");
    REQUIRE(token);
    CHECK(token->access_token == "abc");
    CHECK(token->expires_in == std::chrono::seconds(3600));
    CHECK(! parse_orange_token("<html>"));

    auto const r = send_request(keys(), message("orange", "sms", "+22376123456", "+22370000001"), "abc");
    CHECK(r.url == "https://api.orange.com/smsmessaging/v1/outbound/tel%3A%2B22370000001/requests");
    CHECK(header(r, "Authorization") == "Bearer abc");
    auto const j = nlohmann::json::parse(r.body).at("outboundSMSMessageRequest");
    CHECK(j.at("address") == "tel:+22376123456");
    CHECK(j.at("senderAddress") == "tel:+22370000001");
    CHECK(j.at("outboundSMSTextMessage").at("message") == "I ni ce! Cikan sera.");
    CHECK(j.at("clientCorrelator") == "6f1c0e4e-3b1a-4c57-9d55-0c3b2f1a9e01");
}

TEST_CASE("WhatsApp Cloud and Messenger replies go to the Graph API node the citizen wrote to, with the bearer token",
          "[replies]")
{
    auto const w = send_request(keys(), message("whatsapp", "whatsapp", "+22376123456", "106540352242922"), "");
    CHECK(w.url == "https://graph.facebook.com/v19.0/106540352242922/messages");
    CHECK(header(w, "Authorization") == "Bearer EAAG");
    auto const wj = nlohmann::json::parse(w.body);
    CHECK(wj.at("messaging_product") == "whatsapp");
    CHECK(wj.at("to") == "22376123456");
    CHECK(wj.at("type") == "text");
    CHECK(wj.at("text").at("body") == "I ni ce! Cikan sera.");

    auto const m = send_request(keys(), message("messenger", "messenger", "messenger:600011", "1122334455"), "");
    CHECK(m.url == "https://graph.facebook.com/v19.0/1122334455/messages");
    auto const mj = nlohmann::json::parse(m.body);
    CHECK(mj.at("recipient").at("id") == "600011");
    CHECK(mj.at("messaging_type") == "RESPONSE");
}

TEST_CASE("a Telegram reply is sendMessage to the user's private chat", "[replies]")
{
    auto const r = send_request(keys(), message("telegram", "telegram", "telegram:777000111", ""), "");
    CHECK(r.url == "https://api.telegram.org/bot123:abc/sendMessage");
    auto const j = nlohmann::json::parse(r.body);
    CHECK(j.at("chat_id") == "777000111");
    CHECK(j.at("text") == "I ni ce! Cikan sera.");
}

TEST_CASE("the reply policy: who sends, backoff, verdicts and the 24-hour window", "[replies]")
{
    CHECK(send_provider("meta", "whatsapp") == "whatsapp");
    CHECK(send_provider("africastalking", "ussd").empty());
    CHECK(send_provider("smssync", "sms") == "smssync");
    CHECK(send_provider("smssync", "whatsapp").empty());
    CHECK(retry_delay(1) == std::chrono::seconds(1));
    CHECK(retry_delay(3) == std::chrono::seconds(4));
    CHECK(retry_delay(40) == std::chrono::hours(1));
    CHECK(judge(201) == send_verdict::sent);
    CHECK(judge(503) == send_verdict::retry);
    CHECK(judge(0) == send_verdict::retry);
    CHECK(judge(400) == send_verdict::give_up);
    CHECK(within_window("whatsapp", "whatsapp", std::chrono::hours(23)));
    CHECK(! within_window("messenger", "messenger", std::chrono::hours(25)));
    CHECK(! within_window("twilio", "whatsapp", std::chrono::hours(25)));
    CHECK(within_window("twilio", "sms", std::chrono::hours(25)));
    CHECK(within_window("smssync", "sms", std::chrono::hours(25)));
    CHECK(reply_language("mixed") == "fr");
    auto k = keys();
    CHECK(can_send(k, "orange"));
    CHECK(! can_send(k, "smssync"));
    k.smssync_secret = "s3cret";
    CHECK(can_send(k, "smssync"));
    k.outbox_key.clear();
    CHECK(! can_send(k, "orange"));
    CHECK(! can_send(k, "smssync"));
}

TEST_CASE("a sealed address opens only with its key and changes with every seal", "[replies]")
{
    std::string const key(32, 'k');
    auto const a = crypto::seal(key, "+22376123456");
    CHECK(a != crypto::seal(key, "+22376123456"));
    CHECK(a.find("22376123456") == std::string::npos);
    CHECK(crypto::open(key, a) == std::optional<std::string>("+22376123456"));
    CHECK(! crypto::open(std::string(32, 'x'), a));
    auto tampered = a;
    tampered.back() ^= 1;
    CHECK(! crypto::open(key, tampered));
}
