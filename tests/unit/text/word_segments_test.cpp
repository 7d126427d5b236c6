#include "text/word_segments.hpp"

#include "text/tokens.hpp"
#include "text/utf8.hpp"

#include "corpus.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace baro::text;
using detail::token_span;

namespace {

std::vector<std::pair<std::size_t, std::size_t>> icu(std::string_view text)
{
    std::vector<token_span> spans;
    detail::icu_word_segments(text, spans);
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for(auto const& s : spans)
        out.emplace_back(s.begin, s.end);
    return out;
}

// The fast segmenter's spans, or nothing when it leaves the text to ICU (`handled` false).
std::vector<std::pair<std::size_t, std::size_t>> fast(std::string_view text, bool& handled)
{
    std::vector<token_span> spans;
    handled = detail::fast_word_segments(text, spans);
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for(auto const& s : spans)
        out.emplace_back(s.begin, s.end);
    return out;
}

// One character of each word-break class the fast segmenter handles, and some it leaves to ICU.
std::vector<std::string> const alphabet = {
    "a",
    "Z",
    "é",
    "ɛ",
    "Ɔ",
    "ߊ",
    "ߓ",
    "ب",
    "ε",
    "ж",  // letters: Latin, N'Ko, Arabic, Greek, Cyrillic
    "1",
    "߁",
    "٣",  // digits
    "'",
    "’",
    ".",
    ":",
    "·",
    "\xCE\x87",
    "‧",
    "՟",
    ",",
    ";",
    "_",  // MidNumLet, MidLetter, MidNum, ExtendNumLet
    " ",
    "\xC2\xA0",
    "\n",
    "\r",
    "-",
    "#",
    "!",
    "@",
    "«",
    "\"",
    "😀",  // other
    "\xCC\x81",
    "\xDF\xAB",
    "\xE2\x80\x8C",
    "\xE2\x80\x8E",
    "\xC2\xAD",
    "\xD8\x80",  // Extend (U+0301, N'Ko tone, ZWNJ), Format (LRM, SHY, U+0600)
    "\xE2\x80\x8D",
    "ไ",
    "漢",
    "🇲",  // ZWJ, Thai, Han, regional indicator: ICU's
};

}  // namespace

TEST_CASE("the fast segmenter handles every corpus line exactly as ICU's word iterator", "[text][corpus]")
{
    std::size_t lines = 0;
    for(char const* f : {"dev.bam", "dev.fr"})
    {
        auto const all = test::corpus_lines(f);
        for(std::size_t i = 0; i < all.size(); ++i)
        {
            bool handled = false;
            auto const got = fast(all[i], handled);
            if(! handled || got != icu(all[i]))
                FAIL_CHECK(f << ":" << i + 1 << " " << all[i]);
            ++lines;
        }
        // Whole contributions: lines joined by line breaks and blank lines.
        std::string text;
        for(std::size_t i = 0; i < all.size() && i < 400; ++i)
            text += all[i] + (i % 3 ? "\n" : "\n\n");
        bool handled = false;
        CHECK(fast(text, handled) == icu(text));
        CHECK(handled);
    }
    CHECK(lines > 9000);
}

TEST_CASE("the fast segmenter agrees with ICU on every string of up to three characters", "[text]")
{
    std::size_t const n = alphabet.size();
    std::size_t handled_count = 0;
    for(std::size_t a = 0; a < n; ++a)
        for(std::size_t b = 0; b <= n; ++b)
            for(std::size_t c = 0; c <= (b == n ? 0 : n); ++c)
            {
                std::string s = alphabet[a];
                if(b < n)
                    s += alphabet[b];
                if(b < n && c < n)
                    s += alphabet[c];
                bool handled = false;
                auto const got = fast(s, handled);
                handled_count += handled;
                if(handled && got != icu(s))
                    FAIL_CHECK("[" << s << "]");
            }
    CHECK(handled_count > n * n * n / 2);
}

TEST_CASE("the fast segmenter agrees with ICU on random strings of its classes", "[text]")
{
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(4, 12);
    for(int round = 0; round < 30000; ++round)
    {
        std::string s;
        for(int i = length(rng); i > 0; --i)
            s += alphabet[pick(rng)];
        bool handled = false;
        auto const got = fast(s, handled);
        if(handled && got != icu(s))
            FAIL_CHECK("[" << s << "]");
    }
}

TEST_CASE("every code point the fast segmenter handles has ICU's class in context", "[text]")
{
    // Each BMP character alone and between letters, digits and connectors: catches any place
    // where ICU's rules (CLDR's root tailoring: '@' a letter, ':' no MidLetter) differ from the
    // Unicode property the table is built from.
    std::size_t checked = 0;
    for(UChar32 c = 0x20; c < 0x10000; ++c)
    {
        if(U_IS_SURROGATE(c))
            continue;
        std::string ch;
        detail::append_utf8(ch, c);
        for(std::string const& s : {ch, "a" + ch + "b", "1" + ch + "2", "_" + ch + "_", "a" + ch, ch + "a"})
        {
            bool handled = false;
            auto const got = fast(s, handled);
            if(! handled)
                break;
            ++checked;
            if(got != icu(s))
                FAIL_CHECK("U+" << std::hex << c << " in [" << s << "]");
        }
    }
    CHECK(checked > 100000);
}

TEST_CASE("text the fast segmenter does not handle goes to ICU with the same result", "[text]")
{
    for(std::string s : {"ภาษาไทย คือ", "漢字かな交じり文", "👨‍👩‍👧 famille", "🇲🇱 Mali", "\xFF bad utf-8 \xC3",
                         "\xCC\x81 mark first", "a _\xCC\x81 b"})
    {
        bool handled = true;
        fast(s, handled);
        CHECK_FALSE(handled);
        std::vector<token_span> spans;
        detail::word_segments(s, spans);
        std::vector<std::pair<std::size_t, std::size_t>> got;
        for(auto const& sp : spans)
            got.emplace_back(sp.begin, sp.end);
        CHECK(got == icu(s));
    }
}

TEST_CASE("N'Ko with tone marks, numbers and apostrophes stays on the fast path", "[text]")
{
    for(std::string s : {"ߒ ߓߊ߯ ߕߊ߬ ߟߊ߫", "l'école ’ 12,5 % 3.14 a.b.c x_y __ _", "Bamakɔ́ tínyɛ̀ 10:30"})
    {
        bool handled = false;
        auto const got = fast(s, handled);
        CHECK(handled);
        CHECK(got == icu(s));
    }
}
