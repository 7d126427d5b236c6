#include "text/redact.hpp"

#include "corpus.hpp"

#include <catch2/catch.hpp>

using namespace baro::text;

TEST_CASE("Malian phone numbers are masked in every common form", "[text][redact]")
{
    for(char const* n : {"+223 76 12 34 56", "+22376123456", "76 12 34 56", "76.12.34.56", "76-12-34-56", "76123456",
                         "0022376123456", "223 76 12 34 56", "7612 3456", "2022 1234", "+223 7612-3456"})
    {
        INFO(n);
        CHECK(redact(std::string("Appelez le ") + n + " svp", "fr") == "Appelez le [numéro masqué] svp");
    }
}

TEST_CASE("international E.164 numbers are masked", "[text][redact]")
{
    CHECK(redact("+33 6 12 34 56 78", "en") == "[number hidden]");
    CHECK(redact("+1 202 555 0123.", "en") == "[number hidden].");
}

TEST_CASE("dates, amounts, years and references are not phone numbers", "[text][redact]")
{
    for(char const* s : {"le 12.05.2023", "1 000 000 FCFA", "10 000 000 F", "en 2023", "loi n°2020-014", "ABC76123456", "(1958-1959)", "1960 1970",
                         "3,14", "1234567"})
        CHECK(redact(s, "fr") == s);
}

TEST_CASE("e-mail addresses are masked", "[text][redact]")
{
    CHECK(redact("écrire à awa.traore@example.ml, merci", "fr") == "écrire à [e-mail masqué], merci");
    CHECK(redact("a@b.co", "bm") == "[e-mail dogolen]");
    CHECK(redact("joe+x@mail.example.org.", "en") == "[e-mail hidden].");
    CHECK(redact("@baro_ml et a@b et x@y.z", "fr") == "@baro_ml et a@b et x@y.z");
}

TEST_CASE("the label follows the reader's language", "[text][redact]")
{
    CHECK(redact("76 12 34 56", "bm") == "[nimɔrɔ dogolen]");
    CHECK(redact("76 12 34 56", "en") == "[number hidden]");
    CHECK(redact("76 12 34 56", "xx") == "[numéro masqué]");
}

TEST_CASE("redaction leaves corpus lines without contact details unchanged", "[text][redact][corpus]")
{
    int changed = 0;
    for(char const* f : {"dev.bam", "dev.fr"})
        for(auto const& l : test::corpus_lines(f))
            changed += redact(l, "fr") != l;
    CHECK(changed == 0);
}

TEST_CASE("redaction of bad input is linear and defined", "[text][redact][bad-input]")
{
    CHECK(redact("", "fr").empty());
    std::string digits(200000, '7');
    CHECK(redact(digits, "fr") == digits);
    std::string ats;
    for(int i = 0; i < 50000; ++i)
        ats += "a@";
    CHECK(redact(ats, "fr") == ats);
    std::string pairs;
    for(int i = 0; i < 50000; ++i)
        pairs += "12 ";
    CHECK(redact(pairs, "fr").size() < 2 * pairs.size());   // too long for a number, except the last four pairs
}
