#pragma once
#include "text/char_table.hpp"
#include "text/display.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// One token of a text, compared through its search key.
struct token
{
    std::string key;  ///< search key of the token; a hashtag's key has no '#'
    enum class kind
    {
        word,      ///< a content word or number
        stopword,  ///< an elided clitic (l' b' ...) or a high-frequency function word
        url,       ///< a web address, kept whole
        hashtag,   ///< #word
    } type = kind::word;
};

/// Splits display text into tokens: ICU word boundaries, then apostrophes; URLs whole; #hashtags.
/// Never throws; linear time.
std::vector<token> tokenize(std::string_view display_text);

namespace detail {

/// Where a token lies in the display text (byte offsets; for clitic splits, the whole ICU word).
/// Trivial (no member initializers), as `token_list::item`: vectors of them copy and grow with
/// memmove and memset, not element by element.
struct token_span
{
    std::size_t begin;
    std::size_t end;
};

/// The tokens of a text in one buffer: every key is a slice of `keys` (no string per token), with
/// its kind, its function-word vote (looked up once, here) and where it lies. `keys` starts with
/// the key of the whole text, so `analyze` need not compute it again.
struct token_list
{
    struct item
    {
        uint32_t key_begin;  ///< offset of the key in `keys`
        uint32_t key_size;
        token::kind type;
        uint8_t vote;  ///< a `word_language` (function_words.hpp): 0 none, 1 fr, 2 bm, 3 both
        /// Where the token lies in the text. Kept in the item, not in a vector of its own: one
        /// allocation less per fresh list.
        token_span span;
    };
    std::string keys;
    std::vector<item> items;
    /// `keys[text_key_begin, text_key_end)` is the search key of the whole text when `has_text_key`
    /// (valid UTF-8): most word keys are slices of it.
    std::size_t text_key_begin = 0;
    std::size_t text_key_end = 0;
    bool has_text_key = false;
    /// The letters of the text, counted by the fast word segmenter when `has_letters`.
    letter_tally letters;
    bool has_letters = false;

    /// Empty, keeping the buffers (a list reused for many texts allocates only while it grows).
    void clear()
    {
        keys.clear();
        items.clear();
        text_key_begin = text_key_end = 0;
        has_text_key = false;
        letters.clear();
        has_letters = false;
    }

    // Offsets are in bounds by construction: no substr (its check and throw path cost per token).
    std::string_view key(item const& t) const { return std::string_view(keys.data() + t.key_begin, t.key_size); }
    std::string_view text_key() const { return std::string_view(keys.data() + text_key_begin, text_key_end - text_key_begin); }
    std::size_t size() const { return items.size(); }
};

/// `tokenize` into one buffer (what `analyze` uses).
void tokenize(std::string_view display_text, token_list& out);

/// `display_form(raw_bytes, max_chars)` into `display`, then `tokenize` of it into `out` (what
/// `analyze` uses). When the bytes are their own display form, one pass of the word segmenter finds
/// that and their words.
void display_and_tokenize(std::string_view raw_bytes, std::size_t max_chars, display_result& display, token_list& out);

}  // namespace detail
}  // namespace baro::text
