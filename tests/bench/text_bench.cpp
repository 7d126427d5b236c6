// Throughput of the text pipeline on real Bambara and French (Bayelemabaga corpus), on one core,
// next to ICU's NFC alone over the same bytes: the ceiling for any pipeline that includes NFC.
//
//   tests/bench/text_bench.sh [corpus_dir] [bytes_per_contribution]
//
// The corpus is cut into contributions of about `bytes_per_contribution` bytes (whole lines; the
// default 600 is a long SMS thread or a short web post), and also run line by line.
//
// Time is the CPU time of this thread (CLOCK_THREAD_CPUTIME_ID), not wall time: on a shared
// machine the wall clock also counts the time other processes hold the core, which says nothing
// about the code. NFC and the pipeline are timed the same way in the same run.
#include "text/analyze.hpp"
#include "text/language.hpp"
#include "text/search_key.hpp"
#include "text/themes.hpp"
#include "text/tokens.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

using namespace baro::text;

namespace {

std::vector<theme_lexicon> demo_themes()
{
    // Same keywords as sql/seed/lexicons.json.
    return {
        {"securite",
         {"sécurité", "insécurité", "armée", "soldat", "militaire", "attaque", "terroriste", "jihadiste", "djihadiste", "police",
          "paix", "violence"},
         {"lakana", "kɛlɛ", "kɛlɛcɛ", "kɛlɛden", "kɛlɛbolo", "hɛra", "basigi"}},
        {"education",
         {"éducation", "école", "enseignant", "enseignement", "élève", "étudiant", "université", "instruction"},
         {"kalan", "lakɔli", "karamɔgɔ"}},
        {"sante",
         {"santé", "hôpital", "médecin", "maladie", "malade", "soins", "soigner", "vaccin", "médicament"},
         {"kɛnɛya", "bana", "banabagatɔ", "dɔgɔtɔrɔ", "fura", "furakɛli"}},
        {"justice",
         {"justice", "juge", "tribunal", "corruption", "impunité", "loi", "procès"},
         {"tilennenya", "kiri", "kiritigɛ", "sariya", "jalaki"}},
        {"elections",
         {"élection", "vote", "gouvernement", "gouvernance", "président", "transition", "constitution", "démocratie",
          "référendum", "candidat", "politique", "chef", "dirigeant", "autorités"},
         {"fanga", "jamanatigi", "kuntigi", "gɔfɛrɛnaman", "peresidan", "sugandi", "wote"}},
        {"economie",
         {"emploi", "chômage", "travail", "économie", "argent", "prix", "pauvreté", "commerce", "entreprise", "salaire"},
         {"baara", "wari", "nafolo", "jago", "sugu", "faantanya", "yiriwali"}},
        {"femmes-jeunes",
         {"femme", "jeune", "jeunesse", "fille", "mariage"},
         {"muso", "denmisɛn", "kamalen", "npogotigi", "denmuso"}},
        {"agriculture",
         {"agriculture", "agriculteur", "paysan", "récolte", "pluie", "eau", "irrigation", "élevage", "bétail", "semence",
          "engrais", "champ", "mil", "riz"},
         {"sɛnɛ", "sɛnɛkɛla", "foro", "ji", "sanji", "ɲɔ", "bagan"}},
    };
}

std::vector<std::string> read_lines(std::string const& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    for(std::string l; std::getline(in, l);)
        if(! l.empty())
            lines.push_back(l);
    return lines;
}

std::vector<std::string> group(std::vector<std::string> const& lines, std::size_t bytes)
{
    std::vector<std::string> out;
    std::string cur;
    for(auto const& l : lines)
    {
        if(! cur.empty())
            cur += '\n';
        cur += l;
        if(cur.size() >= bytes)
            out.push_back(std::move(cur)), cur.clear();
    }
    if(! cur.empty())
        out.push_back(cur);
    return out;
}

double cpu_seconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// MB/s of `f` over all `texts`, repeated until about a second of CPU time has passed (best of 5 rounds).
double throughput(std::vector<std::string> const& texts, std::function<std::size_t(std::string const&)> const& f)
{
    std::size_t bytes = 0;
    for(auto const& t : texts)
        bytes += t.size();
    double best = 0;
    for(int round = 0; round < 5; ++round)
    {
        std::size_t done = 0;
        std::size_t sink = 0;
        double const t0 = cpu_seconds();
        double secs = 0;
        do
        {
            for(auto const& t : texts)
                sink += f(t);
            done += bytes;
            secs = cpu_seconds() - t0;
        } while(secs < 1.0);
        if(sink == 42)
            std::puts("");
        best = std::max(best, static_cast<double>(done) / secs / 1e6);
    }
    return best;
}

void run(char const* name, std::vector<std::string> const& texts, theme_matcher const& matcher,
         std::vector<theme_lexicon> const& themes)
{
    UErrorCode ec = U_ZERO_ERROR;
    auto const* nfc = icu::Normalizer2::getNFCInstance(ec);
    double const ceiling = throughput(texts, [&](std::string const& t) {
        std::string out;
        icu::StringByteSink<std::string> sink(&out);
        UErrorCode e = U_ZERO_ERROR;
        nfc->normalizeUTF8(0, icu::StringPiece(t.data(), static_cast<int32_t>(t.size())), sink, nullptr, e);
        return out.size();
    });
    double const pipeline = throughput(texts, [&](std::string const& t) {
        // As analyze() does it: the display form and the tokens together (one segmenter pass when the
        // text is its own display form); tokenize writes the key of the whole text first, the words'
        // keys are slices of it.
        display_result d;
        detail::token_list tokens;
        detail::display_and_tokenize(t, max_contribution_chars, d, tokens);
        std::string const key(tokens.text_key());
        auto const lang = detail::guess_language(d.text, tokens);
        return key.size() + lang.language.size() + matcher.match(tokens).size();
    });
    double const display = throughput(texts, [](std::string const& t) { return display_form(t).text.size(); });
    double const key = throughput(texts, [](std::string const& t) { return search_key(t).size(); });
    double const tokens = throughput(texts, [](std::string const& t) { return tokenize(t).size(); });
    double const whole = throughput(texts, [&](std::string const& t) { return analyze(t, matcher).flags.size(); });
    double const uncompiled = throughput(texts, [&](std::string const& t) { return analyze(t, themes).flags.size(); });
    std::printf("%-30s %8zu texts\n", name, texts.size());
    std::printf("  ICU NFC alone (ceiling)          %8.1f MB/s\n", ceiling);
    std::printf("  display+key+language+themes      %8.1f MB/s   ratio to NFC %.2f\n", pipeline, pipeline / ceiling);
    std::printf("    display_form alone             %8.1f MB/s\n", display);
    std::printf("    search_key alone               %8.1f MB/s\n", key);
    std::printf("    tokenize alone                 %8.1f MB/s\n", tokens);
    std::printf("  analyze() (+flags, hashtags)     %8.1f MB/s\n", whole);
    std::printf("  analyze() compiling lexicons     %8.1f MB/s\n", uncompiled);
}

}  // namespace

int main(int argc, char** argv)
{
    std::string dir = argc > 1 ? argv[1] : std::string(BARO_SOURCE_DIR) + "/tests/data/bayelemabaga";
    std::string const split = read_lines(dir + "/train.bam").empty() ? "dev" : "train";
    std::printf("%s split of %s; MB/s of thread CPU time, best of 5 rounds\n", split.c_str(), dir.c_str());
    std::size_t const bytes = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 600;
    auto const themes = demo_themes();
    theme_matcher const matcher(themes);
    for(char const* lang : {"bam", "fr"})
    {
        auto const lines = read_lines(dir + "/" + split + "." + lang);
        std::printf("\n== %s.%s (%zu lines)\n", split.c_str(), lang, lines.size());
        run("contributions of ~600 bytes", group(lines, bytes), matcher, themes);
        run("one line each", lines, matcher, themes);
    }
}
