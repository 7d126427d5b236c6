#include "moderation/rules/credentials.hpp"
#include "moderation/rules/login_throttle.hpp"

#include <catch2/catch.hpp>

using namespace baro::moderation;
using namespace std::chrono_literals;

TEST_CASE("a key lets its free failures through back to back, then waits the first delay", "[moderation][throttle]")
{
    throttle_limit const l{5, 30s, 900s};
    CHECK(throttle_wait(l, {0, 0}, 3600s) == 0);
    CHECK(throttle_wait(l, {4, 0}, 3600s) == 0);
    CHECK(throttle_wait(l, {5, 0}, 3600s) == 30);
    CHECK(throttle_wait(l, {5, 29'001}, 3600s) == 1);
    CHECK(throttle_wait(l, {5, 30'000}, 3600s) == 0);
}

TEST_CASE("each failure past the free ones doubles the delay, up to the cap", "[moderation][throttle]")
{
    throttle_limit const l{5, 30s, 900s};
    CHECK(throttle_wait(l, {6, 0}, 3600s) == 60);
    CHECK(throttle_wait(l, {7, 0}, 3600s) == 120);
    CHECK(throttle_wait(l, {9, 0}, 3600s) == 480);
    CHECK(throttle_wait(l, {10, 0}, 3600s) == 900);
    CHECK(throttle_wait(l, {1000000, 0}, 3600s) == 900);
}

TEST_CASE("a key quiet for the forget period starts over", "[moderation][throttle]")
{
    throttle_limit const l{5, 30s, 900s};
    CHECK(live_failures({50, 3'599'999}, 3600s) == 50);
    CHECK(live_failures({50, 3'600'000}, 3600s) == 0);
    CHECK(throttle_wait(l, {50, 3'600'000}, 3600s) == 0);
}

TEST_CASE("e-mails are compared without surrounding spaces and ASCII case, and cut at 254 bytes", "[moderation][credentials]")
{
    CHECK(normalise_email("  Awa@Baro.ML\t") == "awa@baro.ml");
    CHECK(normalise_email("ÉCOLE@x.ml") == "École@x.ml");  // only ASCII letters are folded
    CHECK(normalise_email(std::string(8192, 'A')) == std::string(254, 'a'));
}

TEST_CASE("the identifier tag of a failed login is a keyed hash of the normalised e-mail, not its text",
          "[moderation][credentials]")
{
    auto const tag = login_identifier_tag("key", " Awa@baro.ml");
    CHECK(tag.size() == 16);
    CHECK(tag == login_identifier_tag("key", "awa@BARO.ml "));
    CHECK(tag != login_identifier_tag("other key", "awa@baro.ml"));
    CHECK(login_identifier_tag("key", "hunter2-my-password").find("hunter") == std::string::npos);
}

TEST_CASE("a new password is refused when short, too long, unchanged or not repeated exactly", "[moderation][credentials]")
{
    CHECK(new_password_problem("old one-time", "a long enough phrase", "a long enough phrase").empty());
    CHECK(new_password_problem("old", "short", "short") == "mod.password.too_short");
    CHECK(new_password_problem("old", "ɛɛɛɛɛɛɛɛɛɛɛ", "ɛɛɛɛɛɛɛɛɛɛɛ") == "mod.password.too_short");  // 11 letters, 22 bytes
    CHECK(new_password_problem("old", std::string(1025, 'x'), std::string(1025, 'x')) == "mod.password.too_long");
    CHECK(new_password_problem("same password here", "same password here", "same password here") == "mod.password.unchanged");
    CHECK(new_password_problem("old", "a long enough phrase", "a long enough phrasE") == "mod.password.mismatch");
}
