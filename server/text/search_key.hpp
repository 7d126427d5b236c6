#pragma once
#include "text/tokens.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// The form used to compare, index and match text: one key for every spelling a reader takes for the
/// same word (NFKC case fold, look-alikes, Bambara folding, Latin marks removed, apostrophes unified,
/// 3+ repeated letters to 2, digits to ASCII). Never shown to anyone. Never throws; linear time.
std::string search_key(std::string_view display_text);

/// Appends the search key of `display_text` to `out` (the allocation-free form of `search_key`).
void append_search_key(std::string_view display_text, std::string& out);

namespace detail {

/// `append_search_key`, also telling where each span of `text` went: `key_at[2k]` and `key_at[2k + 1]`
/// are the offsets in `out` of the key text of `spans[k]`'s begin and end. Spans are in text order,
/// do not overlap and lie on code point boundaries (word segments do). The slice is the span's own
/// key when `slice_is_own_key` says so.
void append_search_key_with_slices(std::string_view text, std::string& out, std::vector<token_span> const& spans,
                                   std::vector<uint32_t>& key_at);

/// True when the slice of `text_key` (the key of valid UTF-8 `text`) starting at `key_begin`, for
/// the word starting at `word_begin`, equals the search key of the word alone. It may not after a
/// letter (`™` folds to `tm`: in `™mm` the run cut eats the word's first `m`) or, for a word
/// starting with a non-ASCII character, after a letter, digit or non-ASCII character (a mark after a
/// Latin base is dropped). Conservative: false means "compute the word's key on its own".
bool slice_is_own_key(std::string_view text, std::size_t word_begin, std::string_view text_key, std::size_t key_begin);

/// `slice_is_own_key` for the common case, inline: an ASCII non-letter before the slice and an ASCII
/// first character (or nothing before either). Anything else asks `slice_is_own_key`.
inline bool slice_is_own_key_fast(std::string_view text, std::size_t word_begin, std::string_view text_key, std::size_t key_begin)
{
    auto const key_before = key_begin > 0 ? static_cast<unsigned char>(text_key[key_begin - 1]) : ' ';
    if(key_before < 0x80 && ! (key_before >= 'a' && key_before <= 'z') && static_cast<unsigned char>(text[word_begin]) < 0x80)
        return true;
    return slice_is_own_key(text, word_begin, text_key, key_begin);
}

/// The search key of ASCII text, folded in place: lower case, ` as ', runs of 3+ identical letters
/// cut to 2 — what `search_key` gives for ASCII, without its table and buffer set-up (tokenize
/// calls it once per ASCII word).
void fold_ascii_key(std::string& ascii);

/// `fold_ascii_key` over `n` bytes at `p`, in place; returns the folded length.
std::size_t fold_ascii_key(char* p, std::size_t n);

}  // namespace detail

}  // namespace baro::text
