#include "channels/twilio.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {

// twilio/twilio-python tests/unit/test_request_validator.py: published token, URL, params, signatures.
constexpr std::string_view sdk_token = "12345";
constexpr std::string_view sdk_url = "https://mycompany.com/myapp.php?foo=1&bar=2";
form_fields const sdk_params = {
    {"CallSid", "CA1234567890ABCDE"}, {"Digits", "1234"},         {"From", "+14158675309"},
    {"To", "+18005551212"},           {"Caller", "+14158675309"},
};

constexpr std::string_view bambara = "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.";

// An inbound WhatsApp message as Twilio posts it; the signature was computed outside this code base
// (Python hmac/hashlib, the twilio-python algorithm) so the test does not check the code against itself.
constexpr std::string_view whatsapp_token = "b7e3c1f0a2d94e6b8c5f1a3d7e9b2c4f";
constexpr std::string_view whatsapp_url = "https://baro.example.ml/hooks/twilio";
constexpr std::string_view whatsapp_signature = "ZLqHgaut/GTo5kwhQuwj5lfJZes=";
constexpr std::string_view whatsapp_body =
    "SmsMessageSid=SM8f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c&NumMedia=0&ProfileName=Awa"
    "&SmsSid=SM8f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c&WaId=22376123456&SmsStatus=received"
    "&Body=An+b%C9%9B+h%C9%94r%C9%94nya+f%C9%9B%2C+an+ka+kalata+k%C9%9B+ka+%C9%B2%C9%9B."
    "&To=whatsapp%3A%2B14155238886&NumSegments=1&ReferralNumMedia=0"
    "&MessageSid=SM8f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c&AccountSid=AC0123456789abcdef0123456789abcdef"
    "&From=whatsapp%3A%2B22376123456&ApiVersion=2010-04-01";

form_fields form(std::string_view body) { return parse_urlencoded(body).value(); }

}  // namespace

TEST_CASE("the Twilio SDK's published signature vector computes and verifies", "[channels][twilio]")
{
    CHECK(twilio_signature(sdk_token, sdk_url, sdk_params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    CHECK(verify_twilio(sdk_token, sdk_url, sdk_params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
}

TEST_CASE("a Twilio signature matches with or without the URL's port, as the SDK's", "[channels][twilio]")
{
    // test_validation_removes_port_on_https: a non-default port is dropped.
    CHECK(
        verify_twilio(sdk_token, "https://mycompany.com:1234/myapp.php?foo=1&bar=2", sdk_params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    // test_validation_removes_port_on_http: signed with the port as given.
    CHECK(
        verify_twilio(sdk_token, "http://mycompany.com:1234/myapp.php?foo=1&bar=2", sdk_params, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="));
    // test_validation_adds_port_on_https / _on_http: Twilio signed with :443 / :80.
    CHECK(verify_twilio(sdk_token, sdk_url, sdk_params, "kvajT1Ptam85bY51eRf/AJRuM3w="));
    CHECK(verify_twilio(sdk_token, "http://mycompany.com/myapp.php?foo=1&bar=2", sdk_params, "0ZXoZLH/DfblKGATFgpif+LLRf4="));
}

TEST_CASE("repeated Twilio parameters are signed with their values sorted, as the SDK's", "[channels][twilio]")
{
    form_fields const params = {{"Sid", "CA123"}, {"SidAccount", "AC123"}, {"Digits", "5678"}, {"Digits", "1234"}};
    CHECK(twilio_signature(sdk_token, sdk_url, params) == "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
}

TEST_CASE("a tampered Twilio delivery fails verification", "[channels][twilio]")
{
    auto params = sdk_params;
    params[1].second = "1235";
    CHECK_FALSE(verify_twilio(sdk_token, sdk_url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    CHECK_FALSE(
        verify_twilio(sdk_token, "https://mycompany.com/other.php?foo=1&bar=2", sdk_params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    CHECK_FALSE(verify_twilio("54321", sdk_url, sdk_params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    CHECK_FALSE(verify_twilio(sdk_token, sdk_url, sdk_params, ""));
    CHECK_FALSE(verify_twilio("", sdk_url, sdk_params, twilio_signature("", sdk_url, sdk_params)));
}

TEST_CASE("a Twilio WhatsApp message verifies and keeps its Bambara text byte for byte", "[channels][twilio]")
{
    auto const params = form(whatsapp_body);
    REQUIRE(verify_twilio(whatsapp_token, whatsapp_url, params, whatsapp_signature));

    auto const batch = parse_twilio(params);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "whatsapp");
    CHECK(m.provider == "twilio");
    CHECK(m.external_id == "SM8f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c");
    CHECK(m.sender_id == "+22376123456");
    CHECK(m.recipient == "+14155238886");
    CHECK(m.text == bambara);

    auto tampered = params;
    for(auto& [k, v] : tampered)
        if(k == "Body")
            v = "An tɛ hɔrɔnya fɛ.";
    CHECK_FALSE(verify_twilio(whatsapp_token, whatsapp_url, tampered, whatsapp_signature));
}

TEST_CASE("a Twilio SMS is channel sms with its sender in E.164", "[channels][twilio]")
{
    auto const batch = parse_twilio(form("SmsSid=SM1&From=%2B223+76+12+34+56&To=%2B22370000000&Body=Bonjour"));
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    CHECK(batch->front().channel == "sms");
    CHECK(batch->front().external_id == "SM1");
    CHECK(batch->front().sender_id == "+22376123456");
    CHECK(batch->front().text == "Bonjour");
}

TEST_CASE("a Twilio message with media carries MediaUrl0 and its declared type", "[channels][twilio]")
{
    auto const batch = parse_twilio(form(
        "MessageSid=MM1&From=whatsapp%3A%2B22376123456&To=whatsapp%3A%2B14155238886&Body=&NumMedia=1"
        "&MediaContentType0=audio%2Fogg&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC1%2FMessages%2FMM1%2FMedia%2FME1"));
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "whatsapp");
    CHECK(m.text.empty());
    REQUIRE(m.media);
    CHECK(m.media->kind == "audio");
    CHECK(m.media->reference == "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1");
    CHECK(m.media->declared_type == "audio/ogg");

    auto const picture = parse_twilio(form("MessageSid=MM2&From=%2B22376123456&To=%2B22370000000&Body=Photo&NumMedia=1"
                                           "&MediaContentType0=image%2Fjpeg&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm"));
    REQUIRE(picture.ok());
    REQUIRE(picture->front().media);
    CHECK(picture->front().media->kind == "image");
    CHECK(picture->front().text == "Photo");

    auto const none = parse_twilio(form("MessageSid=SM3&From=%2B22376123456&To=%2B22370000000&Body=Salut&NumMedia=0"));
    REQUIRE(none.ok());
    CHECK_FALSE(none->front().media);
}

TEST_CASE("a Twilio status callback gives an empty batch", "[channels][twilio]")
{
    auto const batch = parse_twilio(form("MessageSid=SM1&MessageStatus=delivered&From=%2B15005550006&To=%2B22376123456"));
    REQUIRE(batch.ok());
    CHECK(batch->empty());
}

TEST_CASE("a Twilio delivery without a sid or a sender is a bad request", "[channels][twilio]")
{
    auto const no_sid = parse_twilio(form("From=%2B22376123456&Body=x"));
    REQUIRE_FALSE(no_sid.ok());
    CHECK(no_sid.err().code == errc::bad_request);
    CHECK(no_sid.err().field == "MessageSid");

    auto const no_from = parse_twilio(form("MessageSid=SM1&Body=x"));
    REQUIRE_FALSE(no_from.ok());
    CHECK(no_from.err().code == errc::bad_request);
    CHECK(no_from.err().field == "From");
}

TEST_CASE("a TwiML reply escapes XML and an empty one sends nothing", "[channels][twilio]")
{
    CHECK(twiml_reply("") == R"(<?xml version="1.0" encoding="UTF-8"?><Response/>)");
    CHECK(
        twiml_reply("A & <b> \"ok\" 'x'") ==
        R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>A &amp; &lt;b&gt; &quot;ok&quot; &apos;x&apos;</Message></Response>)");
    CHECK(twiml_reply("I ni ce\x01!") ==
          R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>I ni ce!</Message></Response>)");
    CHECK(twiml_reply(bambara).find(std::string(bambara)) != std::string::npos);
}
