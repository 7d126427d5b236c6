#pragma once
// High-frequency function words of French and Bambara, as search keys (internal to baro_text).
// The lists were read off the corpus train split (words at least 20 times more frequent, per
// token, in one language than in the other) and completed with SMS spellings; see docs/text.md.
#include <string_view>

namespace baro::text::detail {

/// Which language a function word votes for.
enum class word_language
{
    none,     ///< not a function word
    french,   ///< votes French
    bambara,  ///< votes Bambara
    both,     ///< common to both languages: a stopword that does not vote
};

/// The vote of the search key `key` of a whole word or of an elided clitic such as "l'".
word_language function_word(std::string_view key);

/// True for the elided clitics (l' d' qu' b' k' y' ...) that tokenization splits off.
bool is_clitic(std::string_view key);

/// True for words written with an apostrophe that stay whole (aujourd'hui).
bool keeps_apostrophe(std::string_view key);

}  // namespace baro::text::detail
