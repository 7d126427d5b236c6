#include "http/citizen_pages.hpp"
#include "http/i18n.hpp"
#include "http/template.hpp"

#include <catch2/catch.hpp>

using namespace baro::http;

TEST_CASE("templates escape values and insert trusted HTML only from triple braces", "[http]")
{
    template_values v{{"t", "<img src=x onerror=alert(1)>"}, {"h", "<b>ok</b>"}};
    CHECK(render_template("a {{t}} b {{{h}}} c {{missing}}.", v) == "a &lt;img src=x onerror=alert(1)&gt; b <b>ok</b> c .");
    CHECK(render_template("unclosed {{t", v) == "unclosed {{t");
}

TEST_CASE("every language has every French message", "[http][i18n]")
{
    messages const m;
    auto const fr = m.all("fr");
    for(auto lang : baro::languages)
        for(auto const& [key, text] : fr)
        {
            INFO(lang << " " << key);
            CHECK_FALSE(m.get(lang, key).empty());
        }
    CHECK(m.get("bm", "thanks.heading") == "I ni ce!");
    CHECK(m.get("en", "no.such.key") == "no.such.key");
    // Two missing keys held at once keep their own text (each reference stays valid).
    auto const& first = m.get("fr", "missing.one");
    auto const& second = m.get("fr", "missing.two");
    CHECK(first == "missing.one");
    CHECK(second == "missing.two");
}

TEST_CASE("the form keeps what was typed, escaped, and shows the error next to the field", "[http]")
{
    messages const m;
    baro::store::consultation_info c;
    c.slug = "matransition";
    c.title = {{"fr", "Ma transition"}, {"bm", "N ka yɛlɛma"}};
    form_state f;
    f.text = "</textarea><script>alert(1)</script>";
    f.region = "gao";
    f.text_error = "Trop long";
    auto const page = form_page(m, "bm", c, f);
    CHECK(page.find("<script>alert(1)") == std::string::npos);
    CHECK(page.find("&lt;/textarea&gt;&lt;script&gt;") != std::string::npos);
    CHECK(page.find("<option value=\"gao\" selected>") != std::string::npos);
    CHECK(page.find("id=\"text-error\"") != std::string::npos);
    CHECK(page.find("N ka yɛlɛma") != std::string::npos);
    CHECK(page.find("<html lang=\"bm\">") != std::string::npos);
}
