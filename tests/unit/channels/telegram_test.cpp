#include "channels/telegram.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {
// An Update as the Bot API posts it for a private text message.
constexpr std::string_view text_update = R"({"update_id":10000,
 "message":{"message_id":1365,"date":1441645532,
  "chat":{"id":1111111,"type":"private","first_name":"Awa"},
  "from":{"id":1111111,"is_bot":false,"first_name":"Awa","language_code":"fr"},
  "text":"An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ."}})";
}  // namespace

TEST_CASE("the Telegram secret token header is compared with the configured one", "[channels][telegram]")
{
    CHECK(verify_telegram("Abc_123-xyz", "Abc_123-xyz"));
    CHECK_FALSE(verify_telegram("Abc_123-xyz", "Abc_123-xy"));
    CHECK_FALSE(verify_telegram("Abc_123-xyz", ""));
    CHECK_FALSE(verify_telegram("", ""));
}

TEST_CASE("a Telegram text message parses with the update id as its id", "[channels][telegram]")
{
    auto const u = parse_telegram(text_update);
    REQUIRE(u.ok());
    REQUIRE(u->messages.size() == 1);
    auto const& m = u->messages.front();
    CHECK(m.channel == "telegram");
    CHECK(m.provider == "telegram");
    CHECK(m.external_id == "10000");
    CHECK(m.sender_id == "telegram:1111111");
    CHECK(m.text == "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
    CHECK(u->chat_id == "1111111");
}

TEST_CASE("a Telegram photo's caption is its text", "[channels][telegram]")
{
    auto const u = parse_telegram(R"({"update_id":7,"message":{"message_id":2,"date":1,
        "chat":{"id":-1001234,"type":"group"},"from":{"id":42,"is_bot":false,"first_name":"M"},
        "photo":[{"file_id":"x","file_unique_id":"y","width":1,"height":1}],"caption":"Kalata"}})");
    REQUIRE(u.ok());
    REQUIRE(u->messages.size() == 1);
    CHECK(u->messages.front().text == "Kalata");
    CHECK(u->messages.front().sender_id == "telegram:42");
    CHECK(u->chat_id == "-1001234");
}

TEST_CASE("a Telegram voice note, audio file or photo carries its file_id", "[channels][telegram]")
{
    auto const voice = parse_telegram(R"({"update_id":8,"message":{"message_id":3,"date":1,
        "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"M"},
        "voice":{"file_id":"AwACAgQAAxkBAAIB","file_unique_id":"u","duration":3,"mime_type":"audio/ogg"}}})");
    REQUIRE(voice.ok());
    REQUIRE(voice->messages.size() == 1);
    auto const& v = voice->messages.front();
    CHECK(v.text.empty());
    REQUIRE(v.media);
    CHECK(v.media->kind == "audio");
    CHECK(v.media->reference == "AwACAgQAAxkBAAIB");
    CHECK(v.media->declared_type == "audio/ogg");

    // A photo comes in several sizes, smallest first: the largest is fetched.
    auto const photo = parse_telegram(R"({"update_id":9,"message":{"message_id":4,"date":1,
        "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"M"},
        "photo":[{"file_id":"small","file_unique_id":"a","width":90,"height":90},
                 {"file_id":"large","file_unique_id":"b","width":1280,"height":1280}]}})");
    REQUIRE(photo.ok());
    REQUIRE(photo->messages.size() == 1);
    REQUIRE(photo->messages.front().media);
    CHECK(photo->messages.front().media->kind == "image");
    CHECK(photo->messages.front().media->reference == "large");
}

TEST_CASE("Telegram updates without text give an empty batch", "[channels][telegram]")
{
    for(std::string_view body : {
            R"({"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"},"sticker":{"file_id":"s"}}})",
            R"({"update_id":2,"edited_message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"},"text":"edit"}})",
            R"({"update_id":3,"callback_query":{"id":"q","from":{"id":5,"is_bot":false,"first_name":"A"},"chat_instance":"c"}})",
        })
    {
        auto const u = parse_telegram(body);
        REQUIRE(u.ok());
        CHECK(u->messages.empty());
        CHECK(u->chat_id.empty());
    }
}

TEST_CASE("a malformed Telegram update is a bad request", "[channels][telegram]")
{
    for(std::string_view body : {R"({})", R"({"update_id":"x"})", R"({"update_id":1,"message":{"text":"x","from":{"id":1}}})",
                                 R"({"update_id":1,"message":{"text":5}})", "\xff"})
    {
        auto const u = parse_telegram(body);
        REQUIRE_FALSE(u.ok());
        CHECK(u.err().code == errc::bad_request);
    }
}

TEST_CASE("a Telegram webhook reply is a sendMessage call to the chat", "[channels][telegram]")
{
    auto const j = nlohmann::json::parse(telegram_reply("-1001234", "I ni ce \"Awa\""));
    CHECK(j.at("method") == "sendMessage");
    CHECK(j.at("chat_id") == -1001234);
    CHECK(j.at("text") == "I ni ce \"Awa\"");
    CHECK(nlohmann::json::parse(telegram_reply("@baro_ml", "x")).at("chat_id") == "@baro_ml");
}
