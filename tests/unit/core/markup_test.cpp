#include "core/json_text.hpp"
#include "core/languages.hpp"
#include "core/markup.hpp"

#include <catch2/catch.hpp>

using namespace baro;

TEST_CASE("HTML escaping covers element content and both kinds of attribute quotes", "[core]")
{
    CHECK(html_escape("\"'&") == "&quot;&#39;&amp;");
    CHECK(html_escape("<b>ɛ</b>") == "&lt;b&gt;ɛ&lt;/b&gt;");
}

TEST_CASE("XML escaping drops the control characters XML 1.0 forbids and keeps TAB, LF and CR", "[core]")
{
    CHECK(xml_escape("A & <b> \"ok\" 'x'") == "A &amp; &lt;b&gt; &quot;ok&quot; &apos;x&apos;");
    CHECK(xml_escape("a\x01\x1f b\tc\nd\re") == "a b\tc\nd\re");
}

TEST_CASE("the safe JSON dump replaces invalid UTF-8 instead of throwing", "[core]")
{
    CHECK(dump_json(nlohmann::json{{"t", "a\xff"}}) == "{\"t\":\"a\xEF\xBF\xBD\"}");
}

TEST_CASE("the interface language comes from ?lang, then Accept-Language, then French", "[core][i18n]")
{
    CHECK(negotiate_language("bm", "en") == "bm");
    CHECK(negotiate_language("", "bm-ML,fr;q=0.8") == "bm");
    CHECK(negotiate_language("", "en-GB;q=0.8,en;q=0.9,fr;q=0.95") == "fr");
    CHECK(negotiate_language("", "de,en;q=0.3") == "en");
    CHECK(negotiate_language("xx", "") == "fr");
    CHECK(negotiate_language("", "bam") == "bm");
}

TEST_CASE("every interface language has its index, and anything else falls back to French", "[core][i18n]")
{
    for(std::size_t i = 0; i < language_count; ++i)
        CHECK(language_index(languages[i]) == i);
    CHECK(language_index("de") == 0);
}
