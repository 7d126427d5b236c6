#include "moderation/rules/totp.hpp"

#include "core/crypto.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace baro;
using namespace baro::moderation;

namespace {
// RFC 6238 Appendix B: the SHA-1 key is the ASCII string "12345678901234567890".
std::string const rfc_secret = base32_encode("12345678901234567890");
}  // namespace

TEST_CASE("RFC 6238 Appendix B SHA-1 vectors give their last six digits", "[moderation][totp]")
{
    CHECK(rfc_secret == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    CHECK(totp_code(rfc_secret, 59) == "287082");           // 94287082
    CHECK(totp_code(rfc_secret, 1111111109) == "081804");   // 07081804
    CHECK(totp_code(rfc_secret, 1111111111) == "050471");   // 14050471
    CHECK(totp_code(rfc_secret, 1234567890) == "005924");   // 89005924
    CHECK(totp_code(rfc_secret, 2000000000) == "279037");   // 69279037
    CHECK(totp_code(rfc_secret, 20000000000) == "353130");  // 65353130
}

TEST_CASE("a code stays the same through its 30-second step", "[moderation][totp]")
{
    CHECK(totp_code(rfc_secret, 30) == totp_code(rfc_secret, 59));
    CHECK(totp_code(rfc_secret, 59) != totp_code(rfc_secret, 60));
    CHECK(totp_step(59) == 1);
    CHECK(totp_step(60) == 2);
    CHECK(totp_step(-1) == -1);
}

TEST_CASE("a secret typed in lower case gives the same codes", "[moderation][totp]")
{
    CHECK(totp_code("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", 59) == "287082");
}

TEST_CASE("RFC 4648 base32 vectors encode without padding and decode with or without", "[moderation][totp]")
{
    std::pair<char const*, char const*> const vectors[] = {
        {"", ""},
        {"f", "MY"},
        {"fo", "MZXQ"},
        {"foo", "MZXW6"},
        {"foob", "MZXW6YQ"},
        {"fooba", "MZXW6YTB"},
        {"foobar", "MZXW6YTBOI"},
    };
    std::pair<char const*, char const*> const padded[] = {
        {"f", "MY======"}, {"fo", "MZXQ===="}, {"foo", "MZXW6==="}, {"foob", "MZXW6YQ="}, {"foobar", "MZXW6YTBOI======"},
    };
    for(auto [plain, encoded] : vectors)
    {
        CHECK(base32_encode(plain) == encoded);
        CHECK(base32_decode(encoded) == std::optional<std::string>(plain));
    }
    for(auto [plain, encoded] : padded)
        CHECK(base32_decode(encoded) == std::optional<std::string>(plain));
}

TEST_CASE("base32 that no encoder could have written is refused", "[moderation][totp]")
{
    CHECK_FALSE(base32_decode("MZXW6YT1"));  // '1' is not in the alphabet
    CHECK_FALSE(base32_decode("MZXW 6YTB"));
    CHECK_FALSE(base32_decode("M"));  // 1, 3 or 6 symbols cannot end a byte string
    CHECK_FALSE(base32_decode("MZX"));
    CHECK_FALSE(base32_decode("MZXW6Y"));
    CHECK_FALSE(base32_decode("MZ"));  // "MY" is "f"; "MZ" leaves a non-zero bit over
    CHECK(totp_code("not base32!", 59).empty());
    CHECK_FALSE(totp_verify("not base32!", "287082", 59, 0));
}

TEST_CASE("every byte string round-trips through base32", "[moderation][totp]")
{
    for(std::size_t n = 0; n < 64; ++n)
    {
        auto const bytes = crypto::random_bytes(n);
        CHECK(base32_decode(base32_encode(bytes)) == std::optional<std::string>(bytes));
    }
}

TEST_CASE("a new secret is 20 random bytes in 32 upper-case base32 symbols", "[moderation][totp]")
{
    auto const a = new_totp_secret();
    auto const b = new_totp_secret();
    CHECK(a.size() == 32);
    CHECK(a != b);
    REQUIRE(base32_decode(a));
    CHECK(base32_decode(a)->size() == 20);
    CHECK(base32_encode(*base32_decode(a)) == a);
    CHECK(totp_code(a, 1700000000).size() == 6);
}

TEST_CASE("a code is accepted one step either side of now, and no further", "[moderation][totp]")
{
    std::int64_t const now = 1111111111;  // step 37037037
    std::int64_t const step = totp_step(now);
    CHECK(totp_verify(rfc_secret, totp_code(rfc_secret, now), now, 0) == step);
    CHECK(totp_verify(rfc_secret, totp_code(rfc_secret, now - 30), now, 0) == step - 1);
    CHECK(totp_verify(rfc_secret, totp_code(rfc_secret, now + 30), now, 0) == step + 1);
    CHECK_FALSE(totp_verify(rfc_secret, totp_code(rfc_secret, now - 60), now, 0));
    CHECK_FALSE(totp_verify(rfc_secret, totp_code(rfc_secret, now + 60), now, 0));
}

TEST_CASE("a code used once is refused when replayed, and so is any earlier one", "[moderation][totp]")
{
    std::int64_t const now = 1234567890;
    auto const code = totp_code(rfc_secret, now);
    auto const used = totp_verify(rfc_secret, code, now, 0);
    REQUIRE(used);
    CHECK_FALSE(totp_verify(rfc_secret, code, now, *used));
    CHECK_FALSE(totp_verify(rfc_secret, code, now + 10, *used));
    CHECK_FALSE(totp_verify(rfc_secret, totp_code(rfc_secret, now - 30), now, *used));
    CHECK(totp_verify(rfc_secret, totp_code(rfc_secret, now + 30), now + 30, *used) == *used + 1);
}

TEST_CASE("a code must be six digits; spaces between them are forgiven", "[moderation][totp]")
{
    std::int64_t const now = 59;
    CHECK(totp_verify(rfc_secret, "287 082", now, 0) == 1);
    CHECK(totp_verify(rfc_secret, " 287082 ", now, 0) == 1);
    CHECK_FALSE(totp_verify(rfc_secret, "94287082", now, 0));
    CHECK_FALSE(totp_verify(rfc_secret, "28708", now, 0));
    CHECK_FALSE(totp_verify(rfc_secret, "28708a", now, 0));
    CHECK_FALSE(totp_verify(rfc_secret, "", now, 0));
    CHECK_FALSE(totp_verify(rfc_secret, "000000", now, 0));
}

TEST_CASE("the otpauth URI names issuer and account, percent-encoded", "[moderation][totp]")
{
    CHECK(totp_uri("baro", "awa.traore@example.ml", "GEZDGNBVGY3TQOJQ") ==
          "otpauth://totp/baro:awa.traore%40example.ml?secret=GEZDGNBVGY3TQOJQ&issuer=baro"
          "&algorithm=SHA1&digits=6&period=30");
    CHECK(totp_uri("baro Mali", "a&b=c?d/é", "AAAA") ==
          "otpauth://totp/baro%20Mali:a%26b%3Dc%3Fd%2F%C3%A9?secret=AAAA&issuer=baro%20Mali"
          "&algorithm=SHA1&digits=6&period=30");
}

TEST_CASE("recovery codes are readable, distinct and free of look-alikes", "[moderation][totp]")
{
    auto const codes = new_recovery_codes();
    REQUIRE(codes.size() == 10);
    CHECK(new_recovery_codes(3).size() == 3);
    std::set<std::string> const distinct(codes.begin(), codes.end());
    CHECK(distinct.size() == codes.size());
    for(auto const& c : codes)
    {
        REQUIRE(c.size() == 14);
        CHECK(c[4] == '-');
        CHECK(c[9] == '-');
        for(std::size_t i = 0; i < c.size(); ++i)
            if(i != 4 && i != 9)
            {
                CHECK(std::string("abcdefghijkmnpqrstuvwxyz23456789").find(c[i]) != std::string::npos);
            }
    }
}

TEST_CASE("a recovery code hashes the same however it is typed", "[moderation][totp]")
{
    auto const h = hash_recovery_code("k7dm-q2xa-9fhe");
    CHECK(h == crypto::to_hex(crypto::sha256("k7dmq2xa9fhe")));
    CHECK(hash_recovery_code("K7DM-Q2XA-9FHE") == h);
    CHECK(hash_recovery_code("k7dm q2xa 9fhe") == h);
    CHECK(hash_recovery_code(" k7dmq2xa9fhe\n") == h);
    CHECK(hash_recovery_code("k7dm-q2xa-9fhf") != h);
    CHECK(h.size() == 64);
}
