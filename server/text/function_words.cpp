#include "text/function_words.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace baro::text::detail {
namespace {

using namespace std::string_view_literals;

// Each list is sorted (binary search; checked by a unit test).
constexpr std::array french = {
    "ai"sv,       "ainsi"sv,    "alors"sv,  "apres"sv, "as"sv,      "au"sv,      "aussi"sv,   "autre"sv,    "autres"sv,
    "aux"sv,      "avait"sv,    "avant"sv,  "avec"sv,  "avoir"sv,   "avons"sv,   "bcp"sv,     "beaucoup"sv, "bien"sv,
    "c"sv,        "c'"sv,       "ca"sv,     "car"sv,   "ceci"sv,    "cela"sv,    "celle"sv,   "celui"sv,    "ces"sv,
    "cet"sv,      "cette"sv,    "ceux"sv,   "chez"sv,  "comme"sv,   "comment"sv, "contre"sv,  "d'"sv,       "dans"sv,
    "depuis"sv,   "des"sv,      "deux"sv,   "dit"sv,   "donc"sv,    "dont"sv,    "ds"sv,      "du"sv,       "elle"sv,
    "elles"sv,    "en"sv,       "encore"sv, "entre"sv, "est"sv,     "et"sv,      "etaient"sv, "etait"sv,    "ete"sv,
    "etre"sv,     "eux"sv,      "faire"sv,  "fait"sv,  "ici"sv,     "il"sv,      "ils"sv,     "j'"sv,       "je"sv,
    "jusqu'"sv,   "l'"sv,       "le"sv,     "les"sv,   "leur"sv,    "leurs"sv,   "lors"sv,    "lorsqu'"sv,  "lui"sv,
    "mais"sv,     "meme"sv,     "mes"sv,    "moi"sv,   "mon"sv,     "nos"sv,     "notre"sv,   "nous"sv,     "ns"sv,
    "ont"sv,      "ou"sv,       "oui"sv,    "par"sv,   "pas"sv,     "pendant"sv, "peu"sv,     "peut"sv,     "plus"sv,
    "pour"sv,     "pourquoi"sv, "pr"sv,     "puis"sv,  "puisqu'"sv, "qu'"sv,     "quand"sv,   "que"sv,      "quelque"sv,
    "quelques"sv, "qui"sv,      "quoi"sv,   "rien"sv,  "s'"sv,      "sans"sv,    "selon"sv,   "ses"sv,      "soit"sv,
    "sont"sv,     "sous"sv,     "sur"sv,    "svp"sv,   "toi"sv,     "ton"sv,     "tous"sv,    "tout"sv,     "toute"sv,
    "toutes"sv,   "tres"sv,     "tt"sv,     "tu"sv,    "un"sv,      "une"sv,     "va"sv,      "vers"sv,     "voici"sv,
    "voila"sv,    "vos"sv,      "votre"sv,  "vous"sv,  "vs"sv,      "y"sv,
};

constexpr std::array bambara = {
    "ale"sv,    "an"sv,   "ani"sv,   "anw"sv,  "aw"sv,    "b'"sv,   "be"sv,     "bee"sv,   "bena"sv,  "bi"sv,
    "bila"sv,   "bolo"sv, "caman"sv, "cogo"sv, "do"sv,    "don"sv,  "dow"sv,    "fana"sv,  "fe"sv,    "fen"sv,
    "folo"sv,   "hali"sv, "i"sv,     "in"sv,   "inice"sv, "k'"sv,   "ka"sv,     "kama"sv,  "kana"sv,  "katugu"sv,
    "kelen"sv,  "kera"sv, "ko"sv,    "koni"sv, "kono"sv,  "koro"sv, "kosebe"sv, "koson"sv, "mana"sv,  "min"sv,
    "minnu"sv,  "mogo"sv, "mogow"sv, "na"sv,   "nana"sv,  "nin"sv,  "ninnu"sv,  "nka"sv,   "nye"sv,   "nyogon"sv,
    "o"sv,      "olu"sv,  "soro"sv,  "tuma"sv, "tun"sv,   "u"sv,    "ulu"sv,    "wa"sv,    "waati"sv, "walasa"sv,
    "walima"sv, "were"sv, "y'"sv,    "yan"sv,  "ye"sv,    "yen"sv,  "yere"sv,   "yoro"sv,
};

// Common to both, or too ambiguous once folded: stopwords that do not vote.
constexpr std::array shared = {
    "a"sv,  "ce"sv, "ci"sv, "da"sv, "de"sv, "di"sv, "e"sv,  "fo"sv,  "kan"sv, "ke"sv, "la"sv, "m'"sv,
    "ma"sv, "n'"sv, "ne"sv, "ni"sv, "sa"sv, "se"sv, "si"sv, "son"sv, "t'"sv,  "ta"sv, "te"sv,
};

constexpr std::array clitics = {
    "b'"sv, "c'"sv, "d'"sv,      "j'"sv,  "jusqu'"sv, "k'"sv, "l'"sv, "lorsqu'"sv,
    "m'"sv, "n'"sv, "puisqu'"sv, "qu'"sv, "s'"sv,     "t'"sv, "y'"sv,
};

constexpr std::array whole = {
    "aujourd'hui"sv, "presqu'ile"sv, "prud'homme"sv, "prud'hommes"sv, "quelqu'un"sv, "quelqu'une"sv,
};

template<class List>
bool contains(List const& list, std::string_view key)
{
    return std::binary_search(list.begin(), list.end(), key);
}

// The two-byte clitics (l' d' ...) as one bit per first letter, and the length bounds of the lists:
// most keys asked about are two bytes (Bambara b'a, k'a) or no length a list holds, and the binary
// search compared them with the list's strings one by one (~260 instructions per call).
constexpr uint32_t two_byte_clitics = [] {
    uint32_t letters = 0;
    for(auto c : clitics)
        if(c.size() == 2)
            letters |= 1u << (c[0] - 'a');
    return letters;
}();
static_assert(
    [] {
        for(auto c : clitics)
            if(c.size() == 2 && (c[0] < 'a' || c[0] > 'z' || c[1] != '\''))
                return false;
        return true;
    }(),
    "a two-byte clitic is a letter a-z and an apostrophe");

template<class List>
constexpr std::size_t longest(List const& list)
{
    std::size_t n = 0;
    for(auto w : list)
        n = std::max(n, w.size());
    return n;
}

template<class List>
constexpr std::size_t shortest(List const& list)
{
    std::size_t n = longest(list);
    for(auto w : list)
        n = std::min(n, w.size());
    return n;
}

}  // namespace

static_assert(longest(french) <= function_word_table::max_bytes && longest(bambara) <= function_word_table::max_bytes &&
                  longest(shared) <= function_word_table::max_bytes,
              "function_word_table packs a word into eight bytes: a longer list word would never match");

function_word_table::function_word_table()
{
    // A word in two lists keeps its first: French, then Bambara, then shared.
    for(auto w : french)
        insert(w, word_language::french);
    for(auto w : bambara)
        insert(w, word_language::bambara);
    for(auto w : shared)
        insert(w, word_language::both);
}

void function_word_table::insert(std::string_view key, word_language vote)
{
    if(find(key) != word_language::none)
        return;
    uint64_t const p = pack(key);
    std::size_t i = slot_of(p);
    while(meta_[i] != 0)
        i = (i + 1) % slots;
    packed_[i] = p;
    meta_[i] = static_cast<uint8_t>(key.size() | (static_cast<unsigned>(vote) << 4));
}

function_word_table const& function_words()
{
    static function_word_table const t;
    return t;
}

word_language function_word(std::string_view key) { return function_words().find(key); }

bool is_clitic(std::string_view key)
{
    if(key.size() == 2)
    {
        unsigned const letter = static_cast<unsigned char>(key[0]) - 'a';
        return key[1] == '\'' && letter < 26 && ((two_byte_clitics >> letter) & 1) != 0;
    }
    return key.size() <= longest(clitics) && contains(clitics, key);
}

bool keeps_apostrophe(std::string_view key)
{
    return key.size() >= shortest(whole) && key.size() <= longest(whole) && contains(whole, key);
}

}  // namespace baro::text::detail
