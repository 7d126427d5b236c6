#include "replies/media_fetch.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::replies;

namespace {
secrets keys()
{
    secrets k;
    k.meta_send.access_token = "EAAGtoken";
    k.meta_send.api_base = "https://graph.facebook.com";
    k.telegram_send.bot_token = "123456:ABC";
    k.twilio_send.account_sid = "AC123";
    k.twilio_auth_token = "tok";
    return k;
}

std::string header(outbound_request const& r, std::string const& name)
{
    for(auto const& [n, v] : r.headers)
        if(n == name)
            return v;
    return "";
}
}  // namespace

TEST_CASE("a WhatsApp medium is looked up with the token, then downloaded with it", "[replies][media]")
{
    auto const lookup = media_first_request(keys(), "whatsapp", "1029384756");
    REQUIRE(lookup.ok());
    CHECK(media_needs_lookup("whatsapp"));
    CHECK(lookup->method == "GET");
    CHECK(lookup->url == "https://graph.facebook.com/v19.0/1029384756");
    CHECK(header(*lookup, "Authorization") == "Bearer EAAGtoken");
    // The Graph API's answer, as its media reference documents it.
    auto const file = media_download_request(keys(), "whatsapp",
                                             R"({"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1",
                                                 "mime_type":"audio/ogg","sha256":"x","file_size":3000,"id":"1029384756"})");
    REQUIRE(file.ok());
    CHECK(file->url == "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1");
    CHECK(header(*file, "Authorization") == "Bearer EAAGtoken");
    CHECK_FALSE(media_download_request(keys(), "whatsapp", R"({"error":{"code":100}})").ok());
    CHECK_FALSE(media_first_request(keys(), "whatsapp", "../me/messages").ok());
}

TEST_CASE("a Telegram file goes through getFile, then the file URL", "[replies][media]")
{
    auto const lookup = media_first_request(keys(), "telegram", "AwACAgQ-x_1");
    REQUIRE(lookup.ok());
    CHECK(lookup->url == "https://api.telegram.org/bot123456:ABC/getFile?file_id=AwACAgQ-x_1");
    auto const file = media_download_request(keys(), "telegram",
                                             R"({"ok":true,"result":{"file_id":"AwACAgQ-x_1","file_unique_id":"u","file_size":2048,"file_path":"voice/file_7.oga"}})");
    REQUIRE(file.ok());
    CHECK(file->url == "https://api.telegram.org/file/bot123456:ABC/voice/file_7.oga");
    CHECK_FALSE(media_download_request(keys(), "telegram", R"({"ok":false,"description":"file is too big"})").ok());
    CHECK_FALSE(media_download_request(keys(), "telegram", R"({"ok":true,"result":{"file_path":"../../etc/passwd"}})").ok());
}

TEST_CASE("a media lookup answer with members of the wrong type is refused, not thrown", "[replies][media]")
{
    // Found by tests/fuzz/media_type_fuzz: {"ok":"1789…"} threw nlohmann's type_error.
    CHECK_FALSE(media_download_request(keys(), "telegram", R"({"ok":"17895695668004550","result":{"file_path":"a.oga"}})").ok());
    CHECK_FALSE(media_download_request(keys(), "telegram", R"({"ok":1,"result":{"file_path":"a.oga"}})").ok());
    CHECK_FALSE(media_download_request(keys(), "telegram", R"({"ok":true,"result":{"file_path":7}})").ok());
    CHECK_FALSE(media_download_request(keys(), "whatsapp", R"({"url":["https://lookaside.fbsbx.com/x"]})").ok());
    CHECK_FALSE(media_download_request(keys(), "whatsapp", R"({"url":null})").ok());
}

TEST_CASE("a Twilio MediaUrl is fetched with basic auth, only under the Twilio API", "[replies][media]")
{
    auto const r = media_first_request(keys(), "twilio", "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages/MM1/Media/ME1");
    REQUIRE(r.ok());
    CHECK_FALSE(media_needs_lookup("twilio"));
    CHECK(r->url == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages/MM1/Media/ME1");
    CHECK(header(*r, "Authorization") == basic_auth("AC123", "tok"));
    auto const elsewhere = media_first_request(keys(), "twilio", "https://api.twilio.com.evil.example/x");
    REQUIRE_FALSE(elsewhere.ok());
    CHECK(elsewhere.err().key == "reference");
}

TEST_CASE("a Messenger attachment URL is fetched as is; missing credentials refuse", "[replies][media]")
{
    auto const r = media_first_request(keys(), "messenger", "https://cdn.fbsbx.com/v/a.mp4?x=1");
    REQUIRE(r.ok());
    CHECK(r->headers.empty());
    CHECK_FALSE(media_first_request(keys(), "messenger", "file:///etc/passwd").ok());
    auto const none = media_first_request(secrets{}, "whatsapp", "1");
    REQUIRE_FALSE(none.ok());
    CHECK(none.err().key == "no_credentials");
    CHECK_FALSE(media_first_request(keys(), "africastalking", "x").ok());
}
