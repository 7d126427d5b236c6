#include "core/crypto.hpp"
#include "core/form.hpp"

#include <catch2/catch.hpp>

using namespace baro;

TEST_CASE("urlencoded bodies decode plus, percent escapes and UTF-8", "[form]")
{
    auto f = parse_urlencoded("text=An+b%C9%9B+h%C9%94r%C9%94nya&region=segou&empty=&flag");
    REQUIRE(f);
    CHECK(field(*f, "text") == "An bɛ hɔrɔnya");
    CHECK(field(*f, "region") == "segou");
    CHECK(field(*f, "empty") == "");
    CHECK(field(*f, "flag") == "");
    CHECK_FALSE(field(*f, "missing"));
}

TEST_CASE("a malformed percent escape is refused, not guessed", "[form]")
{
    CHECK_FALSE(parse_urlencoded("text=%"));
    CHECK_FALSE(parse_urlencoded("text=%4"));
    CHECK_FALSE(parse_urlencoded("text=%zz"));
    CHECK(parse_urlencoded("a=%41")->front().second == "A");
}

TEST_CASE("url_encode round-trips through url_decode", "[form]")
{
    std::string const s = "tiɲɛ & kɔnɔ = 100% ߒ";
    CHECK(url_decode(url_encode(s)) == s);
    CHECK(url_encode("a b") == "a%20b");
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[crypto]")
{
    CHECK(crypto::to_hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(crypto::base64("hello") == "aGVsbG8=");
    CHECK(crypto::from_hex("00ff") == std::string("\0\xff", 2));
    CHECK(crypto::from_hex("0g").empty());
    CHECK(crypto::equal_constant_time("abc", "abc"));
    CHECK_FALSE(crypto::equal_constant_time("abc", "abd"));
    CHECK(crypto::random_hex(16).size() == 32);
}
