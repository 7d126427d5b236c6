#include "channels/keywords.hpp"

#include <catch2/catch.hpp>

using namespace baro::channels;

TEST_CASE("withdrawal keywords match whatever the case, accents or surrounding punctuation", "[channels][keywords]")
{
    CHECK(is_withdrawal("STOP"));
    CHECK(is_withdrawal("  stop "));
    CHECK(is_withdrawal("Stop."));
    CHECK(is_withdrawal("supprimer"));
    CHECK(is_withdrawal("SUPPRIMÉR"));
    CHECK_FALSE(is_withdrawal("stop la corruption"));
    CHECK_FALSE(is_withdrawal("arrêtez"));
    CHECK_FALSE(is_withdrawal(""));
}

TEST_CASE("an operator-added Bambara withdrawal keyword matches with or without its letters", "[channels][keywords]")
{
    std::vector<std::string> const extra = {"A JƆSI"};
    CHECK(is_withdrawal("a jɔsi", extra));
    CHECK(is_withdrawal("A  JƆSI!", extra));
    CHECK(is_withdrawal("a josi", extra));
    CHECK(is_withdrawal("À JƆ̀SI", extra));
    CHECK_FALSE(is_withdrawal("a jɔsi", {}));
    CHECK_FALSE(is_withdrawal("a jɔsi ka ɲɛ", extra));
}

TEST_CASE("a leading routing keyword is split from the message", "[channels][keywords]")
{
    std::vector<std::string> const known = {"MT", "KALATA"};
    auto const s = split_keyword("MT mon message", known);
    REQUIRE(s);
    CHECK(s->keyword == "MT");
    CHECK(s->rest == "mon message");

    auto const b = split_keyword("  kalata:   An bɛ hɔrɔnya fɛ. ", known);
    REQUIRE(b);
    CHECK(b->keyword == "KALATA");
    CHECK(b->rest == "An bɛ hɔrɔnya fɛ.");

    auto const alone = split_keyword("mt", known);
    REQUIRE(alone);
    CHECK(alone->rest.empty());

    CHECK_FALSE(split_keyword("MTN est en panne", known));
    CHECK_FALSE(split_keyword("mon message MT", known));
    CHECK_FALSE(split_keyword("", known));
    CHECK_FALSE(split_keyword("MT x", {}));
}
