#include "channels/meta.hpp"

#include "core/crypto.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {

constexpr std::string_view app_secret = "6f1d0c3b5a4e2f7d8c9b0a1e2d3c4b5a";

// The WhatsApp Cloud API text-message example, with Bambara escaped as Meta sends it (\uXXXX).
// Its signature was computed outside this code base (Python hmac over these exact bytes).
constexpr std::string_view whatsapp_body =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"22370000000","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Awa"},"wa_id":"22376123456"}],"messages":[{"from":"22376123456","id":"wamid.HBgLMjIzNzYxMjM0NTYVAgASGBQzQUZCMEE1RjM2QjA0RDcyRjA3MQA=","timestamp":"1712345678","text":{"body":"An b\u025b h\u0254r\u0254nya f\u025b, an ka kalata k\u025b ka \u0272\u025b."},"type":"text"}]},"field":"messages"}]}]})";
constexpr std::string_view whatsapp_signature = "sha256=b354783088cc86bf8b8d11faca1a3ab160f344e83d706a32c99562537ad648fc";

constexpr std::string_view bambara = "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.";

}  // namespace

TEST_CASE("Meta's handshake answers the challenge only to the right verify token", "[channels][meta]")
{
    form_fields const ok = {{"hub.mode", "subscribe"}, {"hub.verify_token", "s3cret"}, {"hub.challenge", "1158201444"}};
    auto const answer = meta_handshake(ok, "s3cret");
    REQUIRE(answer.ok());
    CHECK(*answer == "1158201444");

    auto const wrong_token = meta_handshake(ok, "other");
    REQUIRE_FALSE(wrong_token.ok());
    CHECK(wrong_token.err().code == errc::forbidden);

    form_fields const wrong_mode = {{"hub.mode", "unsubscribe"}, {"hub.verify_token", "s3cret"}, {"hub.challenge", "1"}};
    CHECK(meta_handshake(wrong_mode, "s3cret").err().code == errc::forbidden);
    CHECK(meta_handshake(ok, "").err().code == errc::forbidden);

    form_fields const script = {
        {"hub.mode", "subscribe"}, {"hub.verify_token", "s3cret"}, {"hub.challenge", "<script>alert(1)</script>"}};
    CHECK(meta_handshake(script, "s3cret").err().code == errc::bad_request);
}

TEST_CASE("a Meta signature over the raw escaped body verifies", "[channels][meta]")
{
    CHECK(verify_meta(app_secret, whatsapp_body, whatsapp_signature));
    // Hex case does not matter; the algorithm prefix does.
    std::string upper(whatsapp_signature);
    for(std::size_t i = 7; i < upper.size(); ++i)
        upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
    CHECK(verify_meta(app_secret, whatsapp_body, upper));
    CHECK_FALSE(verify_meta(app_secret, whatsapp_body, whatsapp_signature.substr(7)));
    CHECK_FALSE(verify_meta(app_secret, whatsapp_body, "sha1=" + std::string(whatsapp_signature.substr(7))));
    CHECK_FALSE(verify_meta("", whatsapp_body, whatsapp_signature));
}

TEST_CASE("a Meta body re-serialised or tampered fails verification", "[channels][meta]")
{
    std::string tampered(whatsapp_body);
    tampered.replace(tampered.find("Awa"), 3, "Ada");
    CHECK_FALSE(verify_meta(app_secret, tampered, whatsapp_signature));

    // The same JSON with the Bambara written as UTF-8 is different bytes, so a different signature.
    auto const decoded = parse_meta(whatsapp_body);
    REQUIRE(decoded.ok());
    std::string reencoded(whatsapp_body);
    auto const from = reencoded.find("An b\\u025b");
    reencoded.replace(from, reencoded.find("\"}", from) - from, bambara);
    CHECK_FALSE(verify_meta(app_secret, reencoded, whatsapp_signature));
}

TEST_CASE("a WhatsApp Cloud API text message parses with its Bambara text byte for byte", "[channels][meta]")
{
    auto const batch = parse_meta(whatsapp_body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "whatsapp");
    CHECK(m.provider == "meta");
    CHECK(m.external_id == "wamid.HBgLMjIzNzYxMjM0NTYVAgASGBQzQUZCMEE1RjM2QjA0RDcyRjA3MQA=");
    CHECK(m.sender_id == "+22376123456");
    CHECK(m.recipient == "106540352242922");
    CHECK(m.text == bambara);
}

TEST_CASE("one Meta delivery with the same message twice gives it once", "[channels][meta]")
{
    auto const body = R"({"object":"whatsapp_business_account","entry":[
        {"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"555"},"messages":[
            {"from":"22376123456","id":"wamid.A","type":"text","text":{"body":"un"}},
            {"from":"22376123456","id":"wamid.A","type":"text","text":{"body":"un"}},
            {"from":"22365000000","id":"wamid.B","type":"text","text":{"body":"deux"}}]}}]},
        {"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"555"},"messages":[
            {"from":"22376123456","id":"wamid.A","type":"text","text":{"body":"un"}}]}}]}]})";
    auto const batch = parse_meta(body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 2);
    CHECK(batch->at(0).external_id == "wamid.A");
    CHECK(batch->at(1).external_id == "wamid.B");
    CHECK(batch->at(1).sender_id == "+22365000000");
}

TEST_CASE("a WhatsApp status callback gives an empty batch", "[channels][meta]")
{
    auto const body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
        "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"22370000000","phone_number_id":"555"},
        "statuses":[{"id":"wamid.X","status":"delivered","timestamp":"1712345678","recipient_id":"22376123456"}]}}]}]})";
    auto const batch = parse_meta(body);
    REQUIRE(batch.ok());
    CHECK(batch->empty());
}

TEST_CASE("WhatsApp voice notes, audio and images carry their media id; reactions are skipped", "[channels][meta]")
{
    // Shapes from the WhatsApp Cloud API webhook reference (messages: audio, image, reaction).
    auto const body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
        "value":{"metadata":{"phone_number_id":"555"},"messages":[
        {"from":"22376123456","id":"wamid.A","timestamp":"1712345678","type":"audio",
         "audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"x","id":"1029384756","voice":true}},
        {"from":"22376123456","id":"wamid.I","type":"image","image":{"id":"m1","mime_type":"image/jpeg","caption":"Sira ka ɲi"}},
        {"from":"22376123456","id":"wamid.R","type":"reaction","reaction":{"message_id":"wamid.T","emoji":"👍"}},
        {"from":"22376123456","id":"wamid.T","type":"text","text":{"body":"ok"}}]}}]}]})";
    auto const batch = parse_meta(body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 3);
    auto const& audio = batch->at(0);
    CHECK(audio.external_id == "wamid.A");
    CHECK(audio.text.empty());
    REQUIRE(audio.media);
    CHECK(audio.media->kind == "audio");
    CHECK(audio.media->reference == "1029384756");
    CHECK(audio.media->declared_type == "audio/ogg; codecs=opus");
    CHECK(audio.sent_at == 1712345678);
    auto const& image = batch->at(1);
    REQUIRE(image.media);
    CHECK(image.media->kind == "image");
    CHECK(image.media->reference == "m1");
    CHECK(image.text == "Sira ka ɲi");  // the caption is the text
    CHECK_FALSE(batch->at(2).media);
    CHECK(batch->at(2).external_id == "wamid.T");
}

TEST_CASE("a WhatsApp media message without its media id is a bad request", "[channels][meta]")
{
    auto const body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
        "value":{"metadata":{"phone_number_id":"555"},"messages":[
        {"from":"22376123456","id":"wamid.A","type":"voice","voice":{"mime_type":"audio/ogg"}}]}}]}]})";
    auto const batch = parse_meta(body);
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.err().code == errc::bad_request);
}

TEST_CASE("a Messenger audio or image attachment carries its payload URL", "[channels][meta]")
{
    auto const body = R"({"object":"page","entry":[{"id":"PAGE_ID","time":1458692752478,"messaging":[
        {"sender":{"id":"6024815370911311"},"recipient":{"id":"PAGE_ID"},"timestamp":1458692752478,
         "message":{"mid":"mid.audio","attachments":[{"type":"audio","payload":{"url":"https://cdn.fbsbx.com/v/a.mp4?x=1"}}]}},
        {"sender":{"id":"6024815370911311"},"recipient":{"id":"PAGE_ID"},"timestamp":1458692752479,
         "message":{"mid":"mid.file","attachments":[{"type":"file","payload":{"url":"https://cdn.fbsbx.com/f.pdf"}}]}}]}]})";
    auto const batch = parse_meta(body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.external_id == "mid.audio");
    CHECK(m.text.empty());
    REQUIRE(m.media);
    CHECK(m.media->kind == "audio");
    CHECK(m.media->reference == "https://cdn.fbsbx.com/v/a.mp4?x=1");
}

TEST_CASE("a Messenger message parses and echoes of our page are skipped", "[channels][meta]")
{
    auto const body = R"({"object":"page","entry":[{"id":"PAGE_ID","time":1458692752478,"messaging":[
        {"sender":{"id":"6024815370911311"},"recipient":{"id":"PAGE_ID"},"timestamp":1458692752478,
         "message":{"mid":"mid.1457764197618:41d102a3e1ae206a38","text":"I ni s\u0254g\u0254ma!"}},
        {"sender":{"id":"PAGE_ID"},"recipient":{"id":"6024815370911311"},"timestamp":1458692752479,
         "message":{"is_echo":true,"mid":"mid.echo","text":"Merci"}},
        {"sender":{"id":"6024815370911311"},"recipient":{"id":"PAGE_ID"},"timestamp":1458692752480,
         "read":{"watermark":1458668856253}}]}]})";
    auto const batch = parse_meta(body);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "messenger");
    CHECK(m.provider == "meta");
    CHECK(m.external_id == "mid.1457764197618:41d102a3e1ae206a38");
    CHECK(m.sender_id == "messenger:6024815370911311");
    CHECK(m.recipient == "PAGE_ID");
    CHECK(m.text == "I ni sɔgɔma!");
}

TEST_CASE("a malformed Meta delivery is a bad request with a reason, never an exception", "[channels][meta]")
{
    for(std::string_view body : {
            R"(not json)",
            R"([1,2])",
            R"({"entry":[]})",
            R"({"object":"page","entry":[{"messaging":[{"sender":{"id":"1"},"message":{"text":"x"}}]}]})",
            R"({"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"5"},"messages":[{"from":"1","id":"w","type":"text","text":{"body":42}}]}}]}]})",
            R"({"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"from":"1","id":"w","type":"text","text":{"body":"x"}}]}}]}]})",
        })
    {
        auto const r = parse_meta(body);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::bad_request);
        CHECK_FALSE(r.err().message.empty());
    }
    auto const r = parse_meta(R"({"object":"page","entry":[{"messaging":[{"sender":{"id":"1"},"message":{"text":"x"}}]}]})");
    CHECK(r.err().message == "malformed Meta delivery: message.mid is missing");
}

TEST_CASE("a Meta delivery for another product gives an empty batch", "[channels][meta]")
{
    auto const batch = parse_meta(R"({"object":"instagram","entry":[{"id":"1","messaging":[]}]})");
    REQUIRE(batch.ok());
    CHECK(batch->empty());
}
