#pragma once
// Word segmentation for tokenize (internal to baro_text): the word-like segments of UAX #29 as
// ICU's root word iterator finds them (rule status >= UBRK_WORD_NONE_LIMIT: letters, digits).
#include "text/char_table.hpp"
#include "text/tokens.hpp"

#include <string_view>
#include <vector>

namespace baro::text::detail {

/// Appends the byte spans of the word-like segments of `text`, in order: the fast segmenter when
/// it handles every character of `text`, ICU otherwise. Same result as `icu_word_segments`.
void word_segments(std::string_view text, std::vector<token_span>& out);

/// The fast segmenter alone, for text of Latin, N'Ko, Greek, Cyrillic and other scripts without
/// dictionary rules. Returns false, leaving `out` as it was, when `text` is not valid UTF-8 or
/// holds a character it leaves to ICU (see `word_break::unsupported`).
bool fast_word_segments(std::string_view text, std::vector<token_span>& out);

/// `fast_word_segments`, also counting the letters of `text` into `letters` (meaningful only when
/// it returns true).
bool fast_word_segments(std::string_view text, std::vector<token_span>& out, letter_tally& letters);

/// What `segment_raw` found.
enum class segmented
{
    done,               ///< the segments are in `out`, and the bytes are their own display form
    unsupported,        ///< ill-formed UTF-8 or a character left to ICU; `out` as it was
    not_display_ready,  ///< display_form would change the bytes; `out` as it was
};

/// `fast_word_segments` over raw bytes, also checking that they are their own display form (as
/// display_form's fast path does: plain characters, single spaces and at most two line breaks in a
/// row, none at the start or end of the text or of a line), and counting their code points into
/// `chars`: the segmenter reads every code point's properties already. Gives up at the first
/// character that fails either. Does not check the byte or character bounds.
segmented segment_raw(std::string_view bytes, std::vector<token_span>& out, letter_tally& letters, std::size_t& chars);

/// ICU's word BreakIterator (one per thread): the reference the fast segmenter is tested against.
void icu_word_segments(std::string_view text, std::vector<token_span>& out);

}  // namespace baro::text::detail
