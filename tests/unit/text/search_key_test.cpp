#include "text/search_key.hpp"

#include "text/display.hpp"
#include "text/word_segments.hpp"
#include "corpus.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace baro::text;

TEST_CASE("search key folds old Bambara spellings onto the same key", "[text]")
{
    CHECK(search_key("tiɲɛ") == "tinye");
    for(char const* s : {"tinyè", "TIƝƐ", "tínyɛ̀", "TINYE", "tiñe", "Tiɲɛ"})
        CHECK(search_key(s) == search_key("tiɲɛ"));
    for(char const* s : {"kònò", "kono", "KƆNƆ", "kɔ́nɔ̀"})
        CHECK(search_key(s) == search_key("kɔnɔ"));
    CHECK(search_key("ŋaniya") == "nganiya");
    CHECK(search_key("Ŋ") == "ng");
}

TEST_CASE("search key maps look-alikes of Bambara letters before folding", "[text]")
{
    CHECK(search_key("tiɲε") == "tinye");  // Greek ε
    CHECK(search_key("tiɲє") == "tinye");  // Cyrillic є
    CHECK(search_key("kↄnↄ") == "kono");
    CHECK(search_key("KƆNↃ") == "kono");
}

TEST_CASE("search key keeps Bambara long vowels double and cuts longer runs to two", "[text]")
{
    CHECK(search_key("baara") == "baara");
    CHECK(search_key("bɛɛ") == "bee");
    CHECK(search_key("merciiiii") == "mercii");
    CHECK(search_key("BAAAARA") == "baara");
    CHECK(search_key("kòòòò") == "koo");
    CHECK(search_key("1000000") == "1000000");  // digits are not letters
}

TEST_CASE("search key unifies apostrophes and turns digits into ASCII", "[text]")
{
    CHECK(search_key("aujourd’hui") == "aujourd'hui");
    CHECK(search_key("b’a") == "b'a");
    CHECK(search_key("k`a") == "k'a");
    CHECK(search_key("nʼa") == "n'a");
    CHECK(search_key("߁߉߉߂") == "1992");      // N'Ko digits
    CHECK(search_key("٢٠٢٣") == "2023");      // Arabic-Indic digits
    CHECK(search_key("２０２３") == "2023");  // full width
}

TEST_CASE("search key case-folds French and removes its accents, ligatures included", "[text]")
{
    CHECK(search_key("Sécurité À L'École") == "securite a l'ecole");
    CHECK(search_key("cœur") == "coeur");
    CHECK(search_key("STRASSE") == search_key("straße"));
    CHECK(search_key("ﬁn") == "fin");
}

TEST_CASE("search key keeps N'Ko text and its marks, and emoji", "[text]")
{
    CHECK(search_key("ߒ ߓߊ߯") == "ߒ ߓߊ߯");
    CHECK(search_key("merci 🙏🏾") == "merci 🙏🏾");
}

TEST_CASE("search key of a corpus line matches the same line written in the old orthography", "[text][corpus]")
{
    // dev.bam line 10, as printed, and as typed on a phone without ɛ and ɔ.
    std::string const line = test::corpus_line("dev.bam", 10);
    REQUIRE(line.find("kosɛbɛ") != std::string::npos);
    std::string old = line;
    for(auto [from, to] : {std::pair{"ɛ", "è"}, {"ɔ", "ò"}, {"ɲ", "ny"}})
        for(std::size_t p; (p = old.find(from)) != std::string::npos;)
            old.replace(p, std::string(from).size(), to);
    CHECK(search_key(line) == search_key(old));
    // dev.fr line 2806 writes Bambara tònw in the old orthography.
    CHECK(search_key(test::corpus_line("dev.fr", 2806)).find("les 'tonw'") != std::string::npos);
}

TEST_CASE("search key is idempotent over the corpus", "[text][corpus]")
{
    for(char const* f : {"dev.bam", "dev.fr"})
        for(auto const& l : test::corpus_lines(f))
        {
            auto const k = search_key(display_form(l).text);
            if(search_key(k) != k)
                FAIL_CHECK(l);
        }
}

TEST_CASE("search key of bad input is defined", "[text][bad-input]")
{
    CHECK(search_key("").empty());
    CHECK(search_key(std::string("a\0b", 3)) == std::string("a\0b", 3));
    CHECK(search_key("a\xFF"
                     "b") == "ab");  // not display text: ill-formed bytes are skipped
    std::string marks = "a";
    for(int i = 0; i < 10000; ++i)
        marks += "\xCC\x81";
    CHECK(search_key(marks) == "a");
}

TEST_CASE("the ASCII fold tokenize uses gives the search key of every ASCII word", "[text][corpus]")
{
    auto check = [](std::string const& w) {
        std::string folded = w;
        detail::fold_ascii_key(folded);
        if(folded != search_key(w))
            FAIL_CHECK(w);
    };
    for(std::string w : {"", "A", "MERCIIII", "aaa", "AAAaaa", "l`ecole", "a'''b", "111", "x__y", "Baara", "zzzZZZ"})
        check(w);
    for(char const* f : {"dev.bam", "dev.fr"})
        for(auto const& l : test::corpus_lines(f))
        {
            std::size_t start = 0;
            for(std::size_t i = 0; i <= l.size(); ++i)
                if(i == l.size() || l[i] == ' ')
                {
                    std::string const w = l.substr(start, i - start);
                    start = i + 1;
                    bool ascii = true;
                    for(char c : w)
                        ascii &= static_cast<unsigned char>(c) < 0x80;
                    if(ascii)
                        check(w);
                }
        }
}

TEST_CASE("a word's key is its slice of the text's key whenever slice_is_own_key says so", "[text][corpus]")
{
    auto check = [](std::string const& text) {
        std::vector<detail::token_span> words;
        detail::word_segments(text, words);
        std::string key;
        std::vector<uint32_t> key_at;
        detail::append_search_key_with_slices(text, key, words, key_at);
        if(key != search_key(text))
            FAIL_CHECK(text);
        for(std::size_t k = 0; k < words.size(); ++k)
        {
            std::string const word = text.substr(words[k].begin, words[k].end - words[k].begin);
            if(detail::slice_is_own_key(text, words[k].begin, key, key_at[2 * k]) &&
               key.substr(key_at[2 * k], key_at[2 * k + 1] - key_at[2 * k]) != search_key(word))
                FAIL_CHECK(text << " / " << word);
        }
    };
    for(char const* s : {"", "a", "™mm ™mmm mmm", "ÉCOLE l'école L’ÉCOLE", "aaa aaaa baara", "tiɲɛ tínyɛ̀ kɔnɔ", "ﬁﬁ ﬃ ﬀf",
                         "x·y 3.5 a_b __ _", "߁߉߉߂ ٢٠٢٣ ߓߊ߬ߡߊ߬ߣߊ߲߬", "Вamako pοlice", "😀a😀 🏴󠁧󠁢󠁳󠁣󠁴󠁿 x",
                         "http://x.org/ɛ #ɛɛɛ", "MMMM™ ™M", "ŋŋŋ ñññ ɲɲɲ", "``a`` ’’b’’"})
        check(s);
    for(char const* f : {"dev.bam", "dev.fr"})
        for(auto const& l : test::corpus_lines(f))
            check(l);
    // Random strings over pieces that make folds cross word boundaries.
    std::vector<std::string> const pieces = {"a", "m", "M", "e", "ɛ", "Ɛ", "é", "\xCC\x81", "™", "ﬁ", "ß", " ", ".", "'",
                                             "’", "`", "_", "1", "߁", "ߓ", "😀", "-",        "ŋ", "ñ", "İ", "ǅ", "\t"};
    std::mt19937 rng(7);
    for(int i = 0; i < 20000; ++i)
    {
        std::string s;
        for(std::size_t n = rng() % 12; n > 0; --n)
            s += pieces[rng() % pieces.size()];
        check(s);
    }
}
