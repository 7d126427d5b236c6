#include "channels/africastalking.hpp"
#include "channels/gateway_auth.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {
form_fields form(std::string_view body) { return parse_urlencoded(body).value(); }
}  // namespace

TEST_CASE("an Africa's Talking SMS callback parses with its Bambara text byte for byte", "[channels][africastalking]")
{
    auto const batch = parse_africastalking_sms(
        form("linkId=SampleLinkId123&text=An+b%C9%9B+h%C9%94r%C9%94nya+f%C9%9B%2C+an+ka+kalata+k%C9%9B+ka+%C9%B2%C9%9B."
             "&to=36180&id=ATXid_f6a7c1e2d3b4&date=2024-03-05+10%3A15%3A00&from=%2B22376123456&networkCode=61002"));
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto const& m = batch->front();
    CHECK(m.channel == "sms");
    CHECK(m.provider == "africastalking");
    CHECK(m.external_id == "ATXid_f6a7c1e2d3b4");
    CHECK(m.sender_id == "+22376123456");
    CHECK(m.recipient == "36180");
    CHECK(m.text == "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
}

TEST_CASE("an Africa's Talking SMS without from, id or text is a bad request naming the field", "[channels][africastalking]")
{
    auto const r = parse_africastalking_sms(form("from=%2B22376123456&text=x"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_request);
    CHECK(r.err().field == "id");
    CHECK(parse_africastalking_sms(form("id=1&text=x")).err().field == "from");
    CHECK(parse_africastalking_sms(form("id=1&from=%2B22376123456")).err().field == "text");
}

TEST_CASE("an Africa's Talking USSD step parses with its '*'-joined history", "[channels][africastalking]")
{
    auto const r = parse_africastalking_ussd(
        form("sessionId=ATUid_1a2b3c&serviceCode=%2A384%2A1234%23&phoneNumber=%2B22376123456&networkCode=61002&text=1%2A2"));
    REQUIRE(r.ok());
    CHECK(r->session_id == "ATUid_1a2b3c");
    CHECK(r->service_code == "*384*1234#");
    CHECK(r->phone_number == "+22376123456");
    CHECK(r->network_code == "61002");
    CHECK(r->text == "1*2");

    auto const first = parse_africastalking_ussd(form("sessionId=s&serviceCode=%2A384%23&phoneNumber=76123456&text="));
    REQUIRE(first.ok());
    CHECK(first->text.empty());
    CHECK(first->phone_number == "+22376123456");
    CHECK(parse_africastalking_ussd(form("phoneNumber=1&text=")).err().field == "sessionId");
}

TEST_CASE("a path token matches only the configured one", "[channels][africastalking]")
{
    CHECK(token_matches("9f2c4e", "9f2c4e"));
    CHECK_FALSE(token_matches("9f2c4e", "9f2c4f"));
    CHECK_FALSE(token_matches("9f2c4e", "9f2c4e0"));
    CHECK_FALSE(token_matches("9f2c4e", ""));
    CHECK_FALSE(token_matches("", ""));
}

TEST_CASE("the source address allow-list takes exact addresses and CIDR blocks", "[channels][africastalking]")
{
    std::vector<std::string> const allow = {"196.201.214.0/24", "52.48.80.10", "2001:db8::/32"};
    CHECK(address_allowed({}, "203.0.113.9"));
    CHECK(address_allowed(allow, "196.201.214.200"));
    CHECK(address_allowed(allow, "52.48.80.10"));
    CHECK(address_allowed(allow, "::ffff:196.201.214.7"));
    CHECK(address_allowed(allow, "2001:db8:1::5"));
    CHECK_FALSE(address_allowed(allow, "196.201.215.1"));
    CHECK_FALSE(address_allowed(allow, "52.48.80.11"));
    CHECK_FALSE(address_allowed(allow, "2001:db9::1"));
    CHECK_FALSE(address_allowed(allow, "not an address"));
    CHECK_FALSE(address_allowed(allow, ""));
    CHECK(address_allowed({"0.0.0.0/0"}, "8.8.8.8"));
    CHECK_FALSE(address_allowed({"0.0.0.0/0"}, "2001:db8::1"));
    CHECK_FALSE(address_allowed({"10.0.0.0/33", "10.0.0.0/x", "garbage"}, "10.0.0.1"));
}

TEST_CASE("a finished USSD session becomes one message identified by its session", "[channels][africastalking]")
{
    ussd_request const r{"ATUid_1a2b3c", "*384*1234#", "+22376123456", "61002", "2*3*An bɛ hɔrɔnya fɛ"};
    auto const m = ussd_inbound(r, "An bɛ hɔrɔnya fɛ");
    CHECK(m.channel == "ussd");
    CHECK(m.provider == "africastalking");
    CHECK(m.external_id == "ATUid_1a2b3c");
    CHECK(m.sender_id == "+22376123456");
    CHECK(m.recipient == "*384*1234#");
    CHECK(m.text == "An bɛ hɔrɔnya fɛ");
}
