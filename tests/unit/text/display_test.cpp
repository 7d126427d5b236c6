#include "text/display.hpp"

#include "corpus.hpp"

#include <catch2/catch.hpp>

using namespace baro::text;

TEST_CASE("display form keeps what the citizen wrote: tone marks, old spellings, case, emoji, N'Ko", "[text]")
{
    for(std::string s : {"Tínyɛ̀ bɛ́ dɔ́", "kònò TIƝƐ", "Ala ka hɛɛrɛ di an ma 🙏🏾", "ߒ ߓߊ߯ ߟߊ߫ ߞߊ߬ߙߊ߲߬", "aujourd’hui"})
        CHECK(display_form(s).text == s);
}

TEST_CASE("display form of every corpus line is the line itself, trimmed", "[text][corpus]")
{
    auto const lines = test::corpus_lines("dev.bam");
    REQUIRE(lines.size() > 4000);
    int changed = 0;
    for(auto const& l : lines)
    {
        auto const d = display_form(l);
        CHECK_FALSE(d.decoded_cp1252);
        if(d.text != l)
            ++changed;
    }
    // Only lines with doubled or trailing spaces (e.g. line 5: "kosɔn,  ne") change.
    CHECK(changed < 200);
    CHECK(display_form(test::corpus_line("dev.bam", 5)).text.find("kosɔn, ne") != std::string::npos);
}

TEST_CASE("display form composes to NFC", "[text]")
{
    CHECK(display_form("e\xCC\x81").text == "\xC3\xA9");                 // e + U+0301 -> é
    CHECK(display_form("\xC9\x9B\xCC\x80").text == "\xC9\x9B\xCC\x80");  // ɛ̀ has no precomposed form
}

TEST_CASE("bytes that are not UTF-8 are read as windows-1252 and flagged", "[text]")
{
    auto const d = display_form("caf\xE9 \x80 \x93ok\x94");
    CHECK(d.decoded_cp1252);
    CHECK(d.text == "café € “ok”");
    CHECK_FALSE(display_form("café").decoded_cp1252);
}

TEST_CASE("UTF-8-encoded surrogates are not UTF-8", "[text]")
{
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    auto const d = display_form("a\xED\xA0\x80");
    CHECK(d.decoded_cp1252);
    CHECK(is_valid_utf8(d.text));
}

TEST_CASE("controls, format, private-use and unassigned characters go; TAB LF ZWJ ZWNJ LRM RLM stay", "[text]")
{
    CHECK(display_form(std::string("a\0b", 3)).text == "ab");
    CHECK(display_form("a\x07"
                       "b\x1B[31mc")
              .text == "ab[31mc");
    CHECK(display_form("a\u00ADb\u200Bc\uFEFFd").text == "abcd");            // soft hyphen, ZWSP, BOM
    CHECK(display_form("\u202Eevil\u202C \u2066x\u2069").text == "evil x");  // bidi overrides, isolates
    CHECK(display_form("a\uE000b\U000F0000c").text == "abc");                // private use
    CHECK(display_form("a\U000E0001b\uFFFFc").text == "abc");                // tag outside a flag, noncharacter
    CHECK(display_form("a\tb").text == "a\tb");
    CHECK(display_form("\u200Fa\u200Eb\u200Dc\u200Cd").text == "\u200Fa\u200Eb\u200Dc\u200Cd");
    std::string const family = "👩\u200D👩\u200D👧";
    CHECK(display_form(family).text == family);
    std::string const scotland = "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F";
    CHECK(display_form(scotland).text == scotland);
}

TEST_CASE("line ends become LF, runs of spaces and blank lines are tidied, ends trimmed", "[text]")
{
    CHECK(display_form("a\r\nb\rc").text == "a\nb\nc");
    CHECK(display_form("  a   b \t c  ").text == "a b c");
    CHECK(display_form("a  \n\n\n\n  b").text == "a\n\nb");
    CHECK(display_form("a\u00A0!").text == "a\u00A0!");  // French typography keeps its no-break space
    CHECK(display_form(" \n\t ").text.empty());
    CHECK(display_form("").text.empty());
    CHECK(display_form("").chars == 0);
}

TEST_CASE("length is bounded on a grapheme boundary", "[text]")
{
    auto const d = display_form("ɛ̀ɛ̀ɛ̀ɛ̀", 3);
    CHECK(d.truncated);
    CHECK(d.text == "ɛ̀ɛ̀ɛ̀");
    CHECK(d.chars == 3);
    auto const flags = display_form("🇲🇱🇲🇱🇲🇱", 2);
    CHECK(flags.text == "🇲🇱🇲🇱");
    auto const spaced = display_form("ab cd", 3);
    CHECK(spaced.text == "ab");
    CHECK(spaced.chars == 2);
    CHECK_FALSE(display_form("abc", 3).truncated);
    CHECK(display_form("abc", 3).chars == 3);
}

TEST_CASE("count_chars counts what a reader sees as characters", "[text]")
{
    CHECK(count_chars("") == 0);
    CHECK(count_chars("kɔnɔ") == 4);
    CHECK(count_chars("ɛ̀") == 1);
    CHECK(count_chars("👩\u200D👩\u200D👧 🇲🇱") == 3);
}

TEST_CASE("ten thousand combining marks on one letter are cut to thirty", "[text][bad-input]")
{
    std::string s = "a";
    for(int i = 0; i < 10000; ++i)
        s += "\xCC\x81";
    auto const d = display_form(s);
    CHECK(d.chars == 1);
    CHECK(d.text.size() <= 1 + 2 * 30);
}

TEST_CASE("a megabyte of emoji is bounded to the maximum length", "[text][bad-input]")
{
    std::string s;
    for(int i = 0; i < 262144; ++i)
        s += "😀";
    auto const d = display_form(s);
    CHECK(d.truncated);
    CHECK(d.chars == max_contribution_chars);
    CHECK(count_chars(d.text) == max_contribution_chars);
}
