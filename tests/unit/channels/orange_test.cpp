#include "channels/orange.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

TEST_CASE("an Orange inbound SMS notification parses", "[channels][orange]")
{
    auto const batch = parse_orange(R"({"inboundSMSMessageNotification":{"inboundSMSMessage":{
        "senderAddress":"tel:+22376123456","destinationAddress":"tel:+22370000000",
        "message":"An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.","messageId":"OM-20240305-000001",
        "dateTime":"2024-03-05T10:15:00Z"},"callbackData":"baro"}})");
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "sms");
    CHECK(m.provider == "orange");
    CHECK(m.external_id == "OM-20240305-000001");
    CHECK(m.sender_id == "+22376123456");
    CHECK(m.recipient == "+22370000000");
    CHECK(m.text == "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
}

TEST_CASE("an Orange notification without messageId is identified by the SHA-256 of sender, date and text", "[channels][orange]")
{
    auto const batch = parse_orange(R"({"inboundSMSMessageNotification":{"inboundSMSMessage":{
        "senderAddress":"tel:+22376123456","destinationAddress":"36180","message":"Bonjour baro",
        "dateTime":"2024-03-05T10:15:00Z"}}})");
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    // Computed outside this code base: sha256("+22376123456\0" "2024-03-05T10:15:00Z\0" "Bonjour baro\0").
    CHECK(batch->front().external_id == "07bfb5f5ed3f1cb3e11338a7aef7799446ba484e877cc9eacf80c9cc8f1d82f5");
    CHECK(batch->front().recipient == "36180");
}

TEST_CASE("an Orange body sent in Latin-1 still decodes", "[channels][orange]")
{
    // "Liberté, égalité : ça compte" with é, ç as single Latin-1 bytes, and a windows-1252 euro sign.
    std::string const body = "{\"inboundSMSMessageNotification\":{\"inboundSMSMessage\":{"
                             "\"senderAddress\":\"tel:+22376123456\",\"message\":\"Libert\xe9, \xe9galit\xe9 : "
                             "\xe7"
                             "a compte \x80\",\"messageId\":\"m1\"}}}";
    auto const batch = parse_orange(body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    CHECK(batch->front().text == "Liberté, égalité : ça compte €");
}

TEST_CASE("a malformed Orange notification is a bad request", "[channels][orange]")
{
    for(std::string_view body :
        {R"({})", R"({"inboundSMSMessageNotification":{}})",
         R"({"inboundSMSMessageNotification":{"inboundSMSMessage":{"message":"x"}}})",
         R"({"inboundSMSMessageNotification":{"inboundSMSMessage":{"senderAddress":5,"message":"x"}}})", "{\"a\":"})
    {
        auto const r = parse_orange(body);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::bad_request);
    }
}
