#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace baro::text {

/// The form used to compare, index and match text: one key for every spelling a reader takes for the
/// same word (NFKC case fold, look-alikes, Bambara folding, Latin marks removed, apostrophes unified,
/// 3+ repeated letters to 2, digits to ASCII). Never shown to anyone. Never throws; linear time.
std::string search_key(std::string_view display_text);

/// Appends the search key of `display_text` to `out` (the allocation-free form of `search_key`).
void append_search_key(std::string_view display_text, std::string& out);

namespace detail {

/// The search key of ASCII text, folded in place: lower case, ` as ', runs of 3+ identical letters
/// cut to 2 — what `search_key` gives for ASCII, without its table and buffer set-up (tokenize
/// calls it once per ASCII word).
void fold_ascii_key(std::string& ascii);

/// `fold_ascii_key` over `n` bytes at `p`, in place; returns the folded length.
std::size_t fold_ascii_key(char* p, std::size_t n);

}  // namespace detail

}  // namespace baro::text
