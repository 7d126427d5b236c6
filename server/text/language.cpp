#include "text/language.hpp"

#include "text/function_words.hpp"
#include "text/utf8.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdint>

namespace baro::text {
namespace {

// Thresholds, measured on the train split (docs/text.md gives the resulting confusion table).
// A text is `mixed` when both languages bring at least this many votes...
constexpr int min_votes_for_mixed = 2;
// ...and the weaker brings at least this share of the stronger (in percent).
constexpr int min_share_for_mixed = 40;

struct letter_counts
{
    std::size_t latin = 0;
    std::size_t nko = 0;
};

// ɛ ɔ ɲ ŋ (either case) in UTF-8: C9 9B, C9 94, C9 B2, C5 8B; C6 90, C6 86, C6 9D, C5 8A.
bool is_bambara_letter(UChar32 c)
{
    switch(c)
    {
    case 0x025B: case 0x0254: case 0x0272: case 0x014B: case 0x0190: case 0x0186: case 0x019D: case 0x014A:
        return true;
    default:
        return false;
    }
}

// Letters of French spelling that neither Bambara orthography uses, tones included:
// é ê è â î ô û ù ç ë ï œ in either case (à is left out: it is a Bambara tone-marked pronoun).
bool has_french_letter(std::string_view text)
{
    for(std::size_t i = 0; i < text.size();)
    {
        if(static_cast<uint8_t>(text[i]) < 0x80)
        {
            ++i;
            continue;
        }
        switch(detail::next_code_point(text, i))
        {
        case 0xE9: case 0xEA: case 0xE8: case 0xE2: case 0xEE: case 0xF4: case 0xFB: case 0xF9: case 0xE7:
        case 0xEB: case 0xEF: case 0x153: case 0xC9: case 0xCA: case 0xC8: case 0xC2: case 0xCE: case 0xD4:
        case 0xDB: case 0xD9: case 0xC7: case 0xCB: case 0xCF: case 0x152:
            return true;
        default:
            break;
        }
    }
    return false;
}

bool is_nko_letter(UChar32 c) { return c >= 0x07CA && c <= 0x07EA; }

bool has_bambara_letter(std::string_view word)
{
    for(std::size_t i = 0; i < word.size();)
    {
        if(static_cast<uint8_t>(word[i]) < 0x80)
        {
            ++i;
            continue;
        }
        UChar32 const c = detail::next_code_point(word, i);
        if(is_bambara_letter(c) || is_nko_letter(c))
            return true;
    }
    return false;
}

letter_counts count_letters(std::string_view text)
{
    letter_counts n;
    for(std::size_t i = 0; i < text.size();)
    {
        auto const b = static_cast<uint8_t>(text[i]);
        if(b < 0x80)
        {
            ++i;
            n.latin += (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
            continue;
        }
        UChar32 const c = detail::next_code_point(text, i);
        if(is_nko_letter(c))
            ++n.nko;
        else if(u_isalpha(c))
        {
            UErrorCode ec = U_ZERO_ERROR;
            n.latin += uscript_getScript(c, &ec) == USCRIPT_LATIN;
        }
    }
    return n;
}

std::string script_of(letter_counts const& n)
{
    if(n.nko == 0 && n.latin == 0)
        return "";
    return n.nko > n.latin ? "Nkoo" : "Latn";
}

bool is_mixed(int french, int bambara)
{
    int const weak = std::min(french, bambara);
    int const strong = std::max(french, bambara);
    return weak >= min_votes_for_mixed && weak * 100 >= strong * min_share_for_mixed;
}

}  // namespace

namespace detail {

language_guess guess_language(std::string_view text, std::vector<token> const& tokens,
                              std::vector<token_span> const& spans)
{
    language_guess g;
    g.script = script_of(count_letters(text));
    int french = 0;
    int bambara = 0;
    int lettered = 0;   // words written with ɛ ɔ ɲ ŋ or in N'Ko
    for(std::size_t i = 0; i < tokens.size(); ++i)
    {
        auto const& t = tokens[i];
        if(t.type == token::kind::url)
            continue;
        auto const vote = function_word(t.key);
        if(vote == word_language::french)
            ++french;
        else if(vote == word_language::bambara)
            ++bambara;
        if(i < spans.size() && has_bambara_letter(text.substr(spans[i].begin, spans[i].end - spans[i].begin)))
        {
            ++lettered;   // jɛ folds to "je", but whoever wrote ɛ wrote Bambara
            french -= vote == word_language::french;
            bambara += vote != word_language::bambara;
        }
    }
    if(lettered > 0)   // Bambara letters: Bambara, or mixed when French votes as strongly
        g.language = is_mixed(french, bambara) || (french >= min_votes_for_mixed && french > bambara) ? "mixed" : "bm";
    else if(french == 0 && bambara == 0)
        g.language = has_french_letter(text) ? "fr" : "unknown";
    else if(is_mixed(french, bambara))
        g.language = "mixed";
    else
        g.language = french > bambara ? "fr" : french < bambara ? "bm" : "mixed";
    return g;
}

}  // namespace detail

language_guess guess_language(std::string_view display_text)
{
    std::vector<token> tokens;
    std::vector<detail::token_span> spans;
    detail::tokenize(display_text, tokens, &spans);
    return detail::guess_language(display_text, tokens, spans);
}

}  // namespace baro::text
