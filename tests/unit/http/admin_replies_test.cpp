#include "http/admin_replies.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::http;
using nlohmann::json;

TEST_CASE("reply settings read from the API's JSON keep the defaults of absent members", "[http][admin]")
{
    auto const s = reply_setting_of(json{{"daily_sms_budget", 12}, {"text", {{"bm", "I ni ce!"}}}});
    REQUIRE(s);
    CHECK(s->acknowledgements);
    CHECK(s->daily_sms_budget == 12);
    CHECK(s->text_bm == "I ni ce!");
    CHECK(s->text_fr.empty());
    CHECK(reply_setting_of(json::object())->daily_sms_budget == store::reply_setting::default_daily_sms_budget);
}

TEST_CASE("bad reply settings are refused naming their field", "[http][admin]")
{
    CHECK(reply_setting_of(json{{"acknowledgements", "no"}}).err().field == "acknowledgements");
    CHECK(reply_setting_of(json{{"daily_sms_budget", -1}}).err().field == "daily_sms_budget");
    CHECK(reply_setting_of(json{{"daily_sms_budget", 1000001}}).err().field == "daily_sms_budget");
    CHECK(reply_setting_of(json{{"daily_sms_budget", 2.5}}).err().field == "daily_sms_budget");
    CHECK(reply_setting_of(json{{"text", "merci"}}).err().field == "text");
    CHECK(reply_setting_of(json{{"text", {{"en", 3}}}}).err().field == "text.en");
    CHECK(reply_setting_of(json{{"text", {{"fr", std::string(481, 'a')}}}}).err().field == "text.fr");
    // Characters, not bytes: 480 Bambara letters of two bytes each are allowed.
    std::string bm;
    for(int i = 0; i < 480; ++i)
        bm += "ɛ";
    CHECK(reply_setting_of(json{{"text", {{"bm", bm}}}}));
}

TEST_CASE("the page's form reads as the API's JSON: an unchecked box is off, a budget that is no number is refused",
          "[http][admin]")
{
    auto const on =
        reply_setting_of(reply_json_of_form(*parse_urlencoded("acknowledgements=on&daily_sms_budget=250&text_bm=I+ni+ce")));
    REQUIRE(on);
    CHECK(on->acknowledgements);
    CHECK(on->daily_sms_budget == 250);
    CHECK(on->text_bm == "I ni ce");
    auto const off = reply_setting_of(reply_json_of_form(*parse_urlencoded("daily_sms_budget=0")));
    REQUIRE(off);
    CHECK(! off->acknowledgements);
    CHECK(off->daily_sms_budget == 0);
    CHECK(reply_setting_of(reply_json_of_form(*parse_urlencoded("daily_sms_budget=lots"))).err().field == "daily_sms_budget");
    CHECK(reply_setting_of(reply_json_of_form(*parse_urlencoded(""))).err().field == "daily_sms_budget");
}
