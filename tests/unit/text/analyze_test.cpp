#include "text/analyze.hpp"

#include "corpus.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace baro::text;
using v = std::vector<std::string>;

namespace {

std::vector<theme_lexicon> const demo = {
    {"securite", {"sécurité"}, {"lakana"}},
    {"sante", {"santé"}, {"kɛnɛya"}},
};

// Every bad input must finish well under this on the slowest build (sanitizers).
constexpr auto time_limit = std::chrono::seconds(5);

analysis timed(std::string const& bytes)
{
    auto const t0 = std::chrono::steady_clock::now();
    auto a = analyze(bytes, demo);
    CHECK(std::chrono::steady_clock::now() - t0 < time_limit);
    return a;
}

}  // namespace

TEST_CASE("analyze runs the whole pipeline on a citizen's message", "[text][analyze]")
{
    auto const a = analyze("  An ka LAKANA sabati!  #MaTransition #kɛnɛya\r\n", demo);
    CHECK(a.display.text == "An ka LAKANA sabati! #MaTransition #kɛnɛya");
    CHECK(a.search_key == "an ka lakana sabati! #matransition #keneya");
    CHECK(a.language.language == "bm");
    CHECK(a.language.script == "Latn");
    CHECK(a.suggested_themes == v{"securite", "sante"});
    CHECK(a.hashtags == v{"matransition", "keneya"});
    CHECK(a.flags.empty());
}

TEST_CASE("analyze flags windows-1252, truncation and mixed scripts", "[text][analyze]")
{
    CHECK(analyze("s\xE9"
                  "curit\xE9",
                  demo)
              .flags == v{"cp1252"});
    CHECK(analyze("s\xE9"
                  "curit\xE9",
                  demo)
              .suggested_themes == v{"securite"});
    CHECK(analyze(std::string(6000, 'a') + " b", demo).flags == v{"truncated"});
    CHECK(analyze("Вamako", demo).flags == v{"mixed_script"});
}

TEST_CASE("analyze of a corpus line keeps the line as its display form", "[text][analyze][corpus]")
{
    auto const line = test::corpus_line("dev.bam", 1);
    auto const a = analyze(line, demo);
    CHECK(a.display.text == line);
    CHECK(a.language.language == "bm");
}

TEST_CASE("analyze's display form is display_form's, whether or not the bytes are already one", "[text][analyze]")
{
    // analyze checks display-readiness inside the word segmenter's pass (display_and_tokenize);
    // display_form has its own check. Both must give the same display form and character count.
    std::string const plain_5001(5001, 'a');
    std::string words;
    for(int i = 0; i < 1700; ++i)
        words += "kɔ ";
    words.pop_back();  // 5,099 characters, display-ready but for its length
    v const inputs = {"",
                      "a",
                      "kɔnɔ ni",
                      " a",
                      "a ",
                      "a  b",
                      "a\tb",
                      "a \tb",
                      "a\nb",
                      "a\n\nb",
                      "a\n\n\nb",
                      "a\n",
                      "\na",
                      "a \nb",
                      "a\n b",
                      "a\r\nb",
                      "a\xC2\xA0!",
                      "a \xC2\xA0 b",
                      "𝔞\xE2\x80\xAF 12",
                      "a\xE2\x80\xAF"
                      "b",
                      "a_b",
                      "__",
                      "e\xCC\x81",
                      "ɛ\xCC\x80 x",
                      "x\xCC\x81y",
                      "a\x01"
                      "b",
                      "a\x7F"
                      "b",
                      "caf\xE9",
                      "ߊߓ ߕ",
                      "a:b",
                      "a.b c",
                      "1,5 2.000",
                      "l'eau",
                      "www.baro.ml/x",
                      "👍🏽 ok",
                      "a\xE2\x80\x8D"
                      "b",
                      "中文",
                      plain_5001,
                      words};
    for(auto const& in : inputs)
    {
        INFO(in);
        auto const a = analyze(in, demo);
        auto const d = display_form(in);
        CHECK(a.display.text == d.text);
        CHECK(a.display.chars == d.chars);
        CHECK(a.display.truncated == d.truncated);
        CHECK(a.display.decoded_cp1252 == d.decoded_cp1252);
    }
}

TEST_CASE("bad input has a defined result and bounded time", "[text][analyze][bad-input]")
{
    CHECK(timed("").display.text.empty());
    CHECK(timed("").language.language == "unknown");
    CHECK(timed(std::string("\0\0\0", 3)).display.text.empty());
    CHECK(timed("\xED\xA0\x80\xED\xB0\x80").flags == v{"cp1252"});
    CHECK(timed("\xFF\xFE\xFD").display.decoded_cp1252);
    std::string marks = "a";
    for(int i = 0; i < 10000; ++i)
        marks += "\xCC\x81";
    CHECK(timed(marks).search_key == "a");
    std::string emoji;
    for(int i = 0; i < 262144; ++i)
        emoji += "😀";
    auto const e = timed(emoji);
    CHECK(e.display.chars == max_contribution_chars);
    CHECK(e.language.language == "unknown");
    CHECK(timed("\u202Eevil\u202C").display.text == "evil");
    std::string spaces(1 << 20, ' ');
    CHECK(timed(spaces).display.text.empty());
    std::string words;
    for(int i = 0; i < 100000; ++i)
        words += "#a ";
    CHECK(timed(words).hashtags == v{"a"});
}

TEST_CASE("analyze is safe to call from many threads at once", "[text][analyze]")
{
    auto const lines = test::corpus_lines("dev.bam");
    auto const expected = analyze(lines[0], demo);
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for(int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for(std::size_t i = static_cast<std::size_t>(t); i < lines.size(); i += 4)
                analyze(lines[i], demo);
            mismatches[static_cast<std::size_t>(t)] = analyze(lines[0], demo).search_key != expected.search_key;
        });
    for(auto& th : threads)
        th.join();
    CHECK(mismatches == std::vector<int>(4, 0));
}
