#include "channels/smssync.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {
form_fields form(std::string_view body) { return parse_urlencoded(body).value(); }

constexpr std::string_view delivery =
    "from=%2B223+76+12+34+56&message=An+b%C9%9B+h%C9%94r%C9%94nya+f%C9%9B%2C+an+ka+kalata+k%C9%9B+ka+%C9%B2%C9%9B."
    "&message_id=e5f8c3a0-4b3e-11ee-be56-0242ac120002&sent_to=%2B22370000000&secret=s3cret"
    "&sent_timestamp=1709633700000&device_id=1";
}  // namespace

TEST_CASE("an SMSSync delivery verifies by its secret and parses", "[channels][smssync]")
{
    auto const fields = form(delivery);
    CHECK(verify_smssync("s3cret", fields));
    CHECK_FALSE(verify_smssync("other", fields));
    CHECK_FALSE(verify_smssync("", fields));
    CHECK_FALSE(verify_smssync("s3cret", form("from=1&message=x")));

    auto const batch = parse_smssync(fields);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "sms");
    CHECK(m.provider == "smssync");
    CHECK(m.external_id == "e5f8c3a0-4b3e-11ee-be56-0242ac120002");
    CHECK(m.sender_id == "+22376123456");
    CHECK(m.recipient == "+22370000000");
    CHECK(m.text == "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
}

TEST_CASE("an SMSSync delivery without message_id gets a stable id from its content", "[channels][smssync]")
{
    auto const a = parse_smssync(form("from=76123456&message=Bonjour&sent_timestamp=1709633700000"));
    auto const b = parse_smssync(form("from=%2B22376123456&message=Bonjour&sent_timestamp=1709633700000"));
    auto const c = parse_smssync(form("from=76123456&message=Bonjour&sent_timestamp=1709633700001"));
    REQUIRE((a.ok() && b.ok() && c.ok()));
    CHECK(a->front().external_id.size() == 64);
    CHECK(a->front().external_id == b->front().external_id);
    CHECK(a->front().external_id != c->front().external_id);
}

TEST_CASE("an SMSSync delivery without from or message is a bad request", "[channels][smssync]")
{
    CHECK(parse_smssync(form("message=x")).err().field == "from");
    CHECK(parse_smssync(form("from=1")).err().field == "message");
    CHECK(parse_smssync(form("from=+&message=x")).err().code == errc::bad_request);
}

TEST_CASE("SMSSync's JSON answers say success or the error", "[channels][smssync]")
{
    CHECK(smssync_reply(true) == R"({"payload":{"error":null,"success":true}})");
    CHECK(smssync_reply(false, "retry later") == R"({"payload":{"error":"retry later","success":false}})");
}

TEST_CASE("a stored SMS is answered with the replies the phone is to send, uuids included", "[channels][smssync]")
{
    std::vector<smssync_message> const none;
    CHECK(smssync_accepted("s3cret", none) == R"({"payload":{"error":null,"success":true}})");
    auto const j = nlohmann::json::parse(smssync_accepted("s3cret", {{"+22376000001", "I ni ce!", "6f1c…-uuid"}}));
    CHECK(j.at("payload").at("success") == true);
    CHECK(j.at("payload").at("task") == "send");
    CHECK(j.at("payload").at("secret") == "s3cret");
    CHECK(j.at("payload").at("messages").size() == 1);
    CHECK(j.at("payload").at("messages")[0].at("to") == "+22376000001");
    CHECK(j.at("payload").at("messages")[0].at("message") == "I ni ce!");
    CHECK(j.at("payload").at("messages")[0].at("uuid") == "6f1c…-uuid");
}

TEST_CASE("the phone's GET ?task=send is answered with the send task and its secret, even when empty", "[channels][smssync]")
{
    CHECK(is_smssync_send_task(*parse_urlencoded("task=send&secret=s3cret")));
    CHECK(! is_smssync_send_task(*parse_urlencoded("task=result")));
    CHECK(smssync_send_task("s3cret", {}) == R"({"payload":{"messages":[],"secret":"s3cret","task":"send"}})");
    auto const j = nlohmann::json::parse(smssync_send_task("s3cret", {{"+22376000002", "Merci", "u-2"}}));
    CHECK(j.at("payload").at("messages")[0].at("uuid") == "u-2");
}

TEST_CASE("SMSSync's confirmation of the SMS it took parses, and is answered with message_uuids", "[channels][smssync]")
{
    CHECK(is_smssync_sent_task(form("task=sent")));
    CHECK_FALSE(is_smssync_sent_task(form("task=send")));
    CHECK_FALSE(is_smssync_sent_task(form("")));

    // The documented body of POST ?task=sent.
    auto const sent = parse_smssync_sent(
        R"({"queued_messages":["aada21b0-0615-4957-bcb3-074e7c2bd8a1","1ba368bd-d6a0-4b4e-8386-81dd1dffd9cd"]})");
    REQUIRE(sent.ok());
    CHECK(sent->uuids == std::vector<std::string>{"aada21b0-0615-4957-bcb3-074e7c2bd8a1", "1ba368bd-d6a0-4b4e-8386-81dd1dffd9cd"});
    CHECK(sent->secret.empty());
    auto const with_secret = parse_smssync_sent(R"({"secret":"s3cret","queued_messages":[]})");
    REQUIRE(with_secret.ok());
    CHECK(with_secret->uuids.empty());
    CHECK(with_secret->secret == "s3cret");

    CHECK_FALSE(parse_smssync_sent("queued_messages=x").ok());
    CHECK_FALSE(parse_smssync_sent(R"({"queued_messages":"x"})").ok());
    CHECK_FALSE(parse_smssync_sent(R"({"queued_messages":[1]})").ok());
    CHECK_FALSE(parse_smssync_sent(R"({"message_uuids":[]})").ok());
    CHECK_FALSE(parse_smssync_sent("[]").ok());
    std::string many = R"({"queued_messages":[)";
    for(std::size_t i = 0; i <= smssync_sent_limit; ++i)
        many += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
    CHECK_FALSE(parse_smssync_sent(many + "]}").ok());

    auto const answer = nlohmann::json::parse(smssync_sent_answer({"aada21b0-0615-4957-bcb3-074e7c2bd8a1"}));
    CHECK(answer == nlohmann::json::parse(R"({"message_uuids":["aada21b0-0615-4957-bcb3-074e7c2bd8a1"]})"));
    CHECK(nlohmann::json::parse(smssync_sent_answer({})) == nlohmann::json::parse(R"({"message_uuids":[]})"));
}
