#include "http/cookies.hpp"

#include <catch2/catch.hpp>

using namespace baro::http;

TEST_CASE("a cookie is found by exact name among others", "[http][cookies]")
{
    CHECK(cookie_value("a=1; __Host-baro_session=abc ; b=2", "__Host-baro_session") == "abc");
    CHECK(cookie_value("baro_session_x=1; baro_session=tok", "baro_session") == "tok");
    CHECK(cookie_value("x=1", "baro_session").empty());
    CHECK(cookie_value("", "baro_session").empty());
}

TEST_CASE("the session cookie is __Host- and Secure on secure origins, strict and HttpOnly always", "[http][cookies]")
{
    CHECK(session_cookie("https://baro.ml", "t") == "__Host-baro_session=t; Path=/; HttpOnly; SameSite=Strict; Secure");
    CHECK(session_cookie("http://127.0.0.1:8080", "t") == "__Host-baro_session=t; Path=/; HttpOnly; SameSite=Strict; Secure");
    CHECK(session_cookie("http://baro.lan:8080", "t") == "baro_session=t; Path=/; HttpOnly; SameSite=Strict");
    CHECK(session_cookie("https://baro.ml", "").find("Max-Age=0") != std::string::npos);
    CHECK(origin_of("https://baro.ml:8443/mod?x") == "https://baro.ml:8443");
    CHECK(origin_of("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
}
