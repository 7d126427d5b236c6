#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace baro::text {

/// Most characters (grapheme clusters) a contribution may hold.
constexpr std::size_t max_contribution_chars = 5000;

/// The display form of a text and what was done to get it.
struct display_result
{
    std::string text;             ///< NFC, cleaned, faithful to what the citizen wrote
    bool decoded_cp1252 = false;  ///< the bytes were not UTF-8 and were read as windows-1252
    bool truncated = false;       ///< cut at `max_chars` on a grapheme boundary
    std::size_t chars = 0;        ///< grapheme clusters in `text`
};

/// True when `bytes` is strict UTF-8 (no overlongs, no surrogates, no code point above U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// Counts grapheme clusters (what a reader sees as characters) in valid UTF-8.
std::size_t count_chars(std::string_view utf8);

/// Builds the display form: strict UTF-8 (else windows-1252), NFC, controls removed, whitespace tidied,
/// trimmed, bounded to `max_chars` graphemes. Never throws; bounded time on any input.
display_result display_form(std::string_view bytes, std::size_t max_chars = max_contribution_chars);

namespace detail {

/// Most raw bytes `display_form` reads for `max_chars` characters (64 per character, plus a little):
/// the rest is cut before any work.
constexpr std::size_t max_display_input_bytes(std::size_t max_chars) { return (max_chars + 16) * 64; }

/// `display_form` without its first check (are the bytes their own display form?), for a caller
/// that has just found they are not. Same result.
display_result display_form_general(std::string_view bytes, std::size_t max_chars);

}  // namespace detail

}  // namespace baro::text
