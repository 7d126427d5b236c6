#include "moderation/rules/consultation_fields.hpp"
#include "moderation/rules/lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace baro::moderation;

TEST_CASE("a slug is lower-case letters, digits and dashes, not starting with a dash", "[moderation][admin]")
{
    CHECK(is_slug("ma-transition-2026"));
    CHECK(is_slug("a"));
    CHECK_FALSE(is_slug(""));
    CHECK_FALSE(is_slug("-x"));
    CHECK_FALSE(is_slug("Ma"));
    CHECK_FALSE(is_slug("a b"));
    CHECK_FALSE(is_slug("é"));
    CHECK_FALSE(is_slug(std::string(64, 'a')));
    CHECK(is_slug(std::string(63, 'a')));
}

TEST_CASE("numbers, short codes, USSD codes and the social routes are recipients", "[moderation][admin]")
{
    for(auto r : {"+22370000000", "36123", "102938475610293", "*384*2021#", "*123#", "facebook:page:1234567",
                  "facebook:post:1234_5678", "facebook:post:99", "instagram:account:17841400000", "x:account:44196397",
                  "x:hashtag:MaTransition", "x:hashtag:Mali_2026"})
        CHECK(recipient_problem(r).empty());
}

TEST_CASE("a recipient of another shape is refused with a sentence naming it", "[moderation][admin]")
{
    for(auto r : {"", "+223", "+2237000000a", "12", "*384**1#", "*384", "facebook:page:", "facebook:page:abc",
                  "facebook:post:1_", "instagram:account:x", "x:hashtag:", "x:hashtag:#mali", "x:hashtag:a b",
                  "telegram:bot:1", "mailto:x@example.com"})
    {
        INFO(r);
        CHECK_FALSE(recipient_problem(r).empty());
    }
    CHECK(recipient_problem("facebook:page:abc").find("facebook:page:abc") != std::string::npos);
}

TEST_CASE("an SMS keyword is short and ASCII letters or digits", "[moderation][admin]")
{
    CHECK(is_sms_keyword(""));
    CHECK(is_sms_keyword("MT"));
    CHECK(is_sms_keyword("baro2026"));
    CHECK_FALSE(is_sms_keyword("M T"));
    CHECK_FALSE(is_sms_keyword("ɲɛ"));
    CHECK_FALSE(is_sms_keyword(std::string(21, 'A')));
}

TEST_CASE("Bamako time is UTC all year: typed times read and print back unchanged", "[moderation][admin]")
{
    CHECK(parse_bamako_time("1970-01-01T00:00") == 0);
    CHECK(parse_bamako_time("2026-12-04T19:30") == 1796412600);
    CHECK(parse_bamako_time("2026-12-04 19:30:00") == 1796412600);
    CHECK(parse_bamako_time("2026-12-04T19:30:00Z") == 1796412600);
    // No daylight saving: a July time is the same offset as a January one.
    CHECK(*parse_bamako_time("2026-07-01T12:00") - *parse_bamako_time("2026-01-01T12:00") == 181 * 86400);
    CHECK(format_bamako_time(1796412600) == "2026-12-04T19:30");
    CHECK(format_bamako_time(*parse_bamako_time("2028-02-29T23:59")) == "2028-02-29T23:59");
}

TEST_CASE("an impossible or malformed date-time is refused", "[moderation][admin]")
{
    for(auto t : {"", "2026-02-29T10:00", "2026-13-01T10:00", "2026-12-04T24:00", "2026-12-04T10:60", "2026-12-04",
                  "04/12/2026 10:00", "2026-12-04T10:00+01:00", "1969-12-31T23:59", "2026-12-0xT10:00"})
    {
        INFO(t);
        CHECK_FALSE(parse_bamako_time(t));
    }
}

TEST_CASE("an open consultation is upcoming before its opening and closed from its closing time", "[moderation][admin]")
{
    CHECK(phase_at(phase::open, 100, 200, 50) == phase::upcoming);
    CHECK(phase_at(phase::open, 100, 200, 100) == phase::open);
    CHECK(phase_at(phase::open, 100, 200, 199) == phase::open);
    CHECK(phase_at(phase::open, 100, 200, 200) == phase::closed);
    CHECK(phase_at(phase::open, std::nullopt, std::nullopt, 0) == phase::open);
    CHECK(phase_at(phase::draft, 0, 1000, 10) == phase::draft);
    CHECK(phase_at(phase::closed, std::nullopt, std::nullopt, 10) == phase::closed);
    CHECK(phase_at(phase::archived, 0, 1000, 10) == phase::archived);
    CHECK(takes_contributions(phase::open));
    CHECK_FALSE(takes_contributions(phase::upcoming));
    CHECK_FALSE(takes_contributions(phase::closed));
}

TEST_CASE("the lifecycle goes draft, open, closed, archived and an archived consultation stays", "[moderation][admin]")
{
    CHECK(transition_problem(phase::draft, phase::open, std::nullopt, 10).empty());
    CHECK(transition_problem(phase::open, phase::closed, std::nullopt, 10).empty());
    CHECK(transition_problem(phase::upcoming, phase::closed, std::nullopt, 10).empty());
    CHECK(transition_problem(phase::closed, phase::archived, std::nullopt, 10).empty());
    CHECK(transition_problem(phase::closed, phase::open, 100, 10).empty());
    CHECK_FALSE(transition_problem(phase::closed, phase::open, 5, 10).empty());  // closing time past
    CHECK_FALSE(transition_problem(phase::draft, phase::archived, std::nullopt, 10).empty());
    CHECK_FALSE(transition_problem(phase::open, phase::archived, std::nullopt, 10).empty());
    CHECK_FALSE(transition_problem(phase::archived, phase::open, std::nullopt, 10).empty());
    CHECK_FALSE(transition_problem(phase::archived, phase::closed, std::nullopt, 10).empty());
    CHECK_FALSE(transition_problem(phase::open, phase::draft, std::nullopt, 10).empty());
    CHECK_FALSE(transition_problem(phase::open, phase::open, std::nullopt, 10).empty());
    CHECK(parse_status("archived") == phase::archived);
    CHECK_FALSE(parse_status("upcoming"));
}
