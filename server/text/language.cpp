#include "text/language.hpp"

#include "text/char_table.hpp"
#include "text/function_words.hpp"
#include "text/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace baro::text {
namespace {

// Thresholds, measured on the train split (docs/text.md gives the resulting confusion table).
// A text is `mixed` when both languages bring at least this many votes...
constexpr int min_votes_for_mixed = 2;
// ...and the weaker brings at least this share of the stronger (in percent).
constexpr int min_share_for_mixed = 40;

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
        case 0xE9:
        case 0xEA:
        case 0xE8:
        case 0xE2:
        case 0xEE:
        case 0xF4:
        case 0xFB:
        case 0xF9:
        case 0xE7:
        case 0xEB:
        case 0xEF:
        case 0x153:
        case 0xC9:
        case 0xCA:
        case 0xC8:
        case 0xC2:
        case 0xCE:
        case 0xD4:
        case 0xDB:
        case 0xD9:
        case 0xC7:
        case 0xCB:
        case 0xCF:
        case 0x152: return true;
        default: break;
        }
    }
    return false;
}

// Counts Latin and N'Ko letters, and notes where the letters only Bambara uses are: ɛ ɔ ɲ ŋ
// (either case) and N'Ko letters, in text order (what the fast word segmenter also does).
void count_letters(std::string_view text, detail::char_info const* bmp, detail::letter_tally& n)
{
    constexpr uint64_t ones = 0x0101010101010101ull;
    constexpr uint64_t highs = 0x8080808080808080ull;
    for(std::size_t i = 0; i < text.size();)
    {
        if(i + 8 <= text.size())  // eight ASCII bytes at a time: count a-z, A-Z without branches
        {
            uint64_t w;
            std::memcpy(&w, text.data() + i, 8);
            if((w & highs) == 0)
            {
                uint64_t const lower = w | 0x2020202020202020ull;                   // bytes stay below 0x80
                uint64_t const from_a = (lower + (0x80 - 'a') * ones) & highs;      // byte >= 'a'
                uint64_t const past_z = (lower + (0x80 - 'z' - 1) * ones) & highs;  // byte > 'z'
                // One 0x80 per letter: shifted to 1 per byte, the multiply sums the bytes into the top one.
                n.latin += static_cast<std::size_t>((((from_a & ~past_z) >> 7) * ones) >> 56);
                i += 8;
                continue;
            }
        }
        auto const b = static_cast<uint8_t>(text[i]);
        if(b < 0x80)
        {
            ++i;
            n.latin += (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
            continue;
        }
        std::size_t const at = i;
        UChar32 const c = detail::next_code_point(text, i);
        if(c < 0)
            continue;
        n.add(detail::info_of(c, bmp).bits, at);
    }
}

std::string script_of(detail::letter_tally const& n)
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

language_guess guess_language(std::string_view text, token_list const& tokens, bool* foreign_letter)
{
    detail::char_info const* const bmp = detail::bmp_table();
    detail::letter_tally counted;
    if(! tokens.has_letters)
        count_letters(text, bmp, counted);
    auto const& counts = tokens.has_letters ? tokens.letters : counted;
    auto const& bambara_at = counts.bambara_at;
    std::string script = script_of(counts);
    if(foreign_letter)
        *foreign_letter = counts.foreign;
    // Spans come in text order: a cursor walks `bambara_at` once (a binary search if one goes back).
    std::size_t const* const first_letter = bambara_at.data();
    std::size_t const* const letters_end = first_letter + bambara_at.size();
    std::size_t const* cursor = first_letter;
    std::size_t last_begin = 0;
    std::size_t const spanned = first_letter != letters_end ? tokens.size() : 0;
    int french = 0;
    int bambara = 0;
    int lettered = 0;  // words written with ɛ ɔ ɲ ŋ or in N'Ko
    for(std::size_t i = 0; i < tokens.size(); ++i)
    {
        auto const& t = tokens.items[i];
        if(t.type == token::kind::url)
            continue;
        // tokenize looked the vote up (a `word` has none).
        auto const vote = static_cast<word_language>(t.vote);
        french += vote == word_language::french;
        bambara += vote == word_language::bambara;
        if(i >= spanned)
            continue;
        token_span const span = t.span;
        if(span.begin < last_begin)
            cursor = std::lower_bound(first_letter, letters_end, span.begin);
        last_begin = span.begin;
        while(cursor != letters_end && *cursor < span.begin)
            ++cursor;
        if(cursor != letters_end && *cursor < span.end)
        {
            ++lettered;  // jɛ folds to "je", but whoever wrote ɛ wrote Bambara
            french -= vote == word_language::french;
            bambara += vote != word_language::bambara;
        }
    }
    std::string_view language;
    if(lettered > 0)  // Bambara letters: Bambara, or mixed when French votes as strongly
        language = is_mixed(french, bambara) || (french >= min_votes_for_mixed && french > bambara) ? "mixed" : "bm";
    else if(french == 0 && bambara == 0)
        language = has_french_letter(text) ? "fr" : "unknown";
    else if(is_mixed(french, bambara))
        language = "mixed";
    else
        language = french > bambara ? "fr" : french < bambara ? "bm" : "mixed";
    // Built in place: assigning a literal to a string member went through an out-of-line
    // replace, once per text.
    return language_guess{std::string(language), std::move(script)};
}

}  // namespace detail

language_guess guess_language(std::string_view display_text)
{
    detail::token_list tokens;
    detail::tokenize(display_text, tokens);
    return detail::guess_language(display_text, tokens);
}

}  // namespace baro::text
