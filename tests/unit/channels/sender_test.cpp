#include "channels/sender.hpp"

#include <catch2/catch.hpp>

using namespace baro::channels;

TEST_CASE("phone numbers in every common spelling normalize to E.164", "[channels][sender]")
{
    CHECK(normalize_phone("+22376123456") == "+22376123456");
    CHECK(normalize_phone(" +223 76 12 34 56 ") == "+22376123456");
    CHECK(normalize_phone("00223 76.12.34.56") == "+22376123456");
    CHECK(normalize_phone("76-12-34-56") == "+22376123456");
    CHECK(normalize_phone("76123456") == "+22376123456");
    CHECK(normalize_phone("tel:+22376123456") == "+22376123456");
    CHECK(normalize_phone("whatsapp:+22376123456") == "+22376123456");
    CHECK(normalize_phone("22376123456") == "+22376123456");
    CHECK(normalize_phone("(+223) 76 12 34 56") == "+22376123456");
    CHECK(normalize_phone("+33 6 12 34 56 78") == "+33612345678");
}

TEST_CASE("short codes and sender names are kept as they are", "[channels][sender]")
{
    CHECK(normalize_phone("36180") == "36180");
    CHECK(normalize_phone("Orange") == "Orange");
    CHECK(normalize_phone(" MALITEL ") == "MALITEL");
    CHECK(normalize_phone("") == "");
    CHECK(normalize_phone("+12") == "+12");
}

TEST_CASE("platform ids are namespaced and never collide with phone numbers", "[channels][sender]")
{
    CHECK(platform_sender("messenger", "6024815370911311") == "messenger:6024815370911311");
    CHECK(platform_sender("telegram", "22376123456") == "telegram:22376123456");
    CHECK(platform_sender("telegram", "22376123456") != normalize_phone("22376123456"));
}
