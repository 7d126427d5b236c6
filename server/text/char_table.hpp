#pragma once
// Per-code-point properties the fast paths need, read from one table built at first use
// (internal to baro_text). Built once (a C++ magic static) and read-only afterwards: no lock.
#include <unicode/umachine.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace baro::text::detail {

/// Word-break classes of UAX #29 as ICU's root word iterator uses them, folded to what the fast
/// segmenter handles. `unsupported` (ZWJ, Katakana, Hebrew, regional indicators, and every script
/// ICU segments with a dictionary or special rules) sends the whole text to ICU.
enum class word_break : uint8_t
{
    other,           ///< spaces, line breaks, punctuation, symbols, emoji, double quote
    letter,          ///< ALetter
    numeric,         ///< Numeric
    mid_letter,      ///< MidLetter (: ·)
    mid_num,         ///< MidNum (, ;)
    mid_num_let,     ///< MidNumLet and Single_Quote (. ' ’)
    extend_num_let,  ///< ExtendNumLet (_)
    extend,          ///< Extend and Format: transparent after a letter or digit (rule WB4)
    unsupported,
};

/// Bits of `char_info::bits`.
enum char_bit : uint8_t
{
    latin_letter = 1,       ///< alphabetic, Latin script
    nko_letter = 2,         ///< U+07CA..U+07EA
    bambara_letter = 4,     ///< ɛ ɔ ɲ ŋ in either case
    plain = 8,              ///< display cleanup keeps it as is; canonical class 0, NFC_QC yes, its own grapheme
    horizontal_space = 16,  ///< TAB, SPACE and every Zs
    foreign_letter = 32,    ///< alphabetic, in a script other than Latin, Common and Inherited
};

struct char_info
{
    word_break wb = word_break::other;
    uint8_t bits = 0;
};

/// The letters of a text as the language guess counts them: Latin and N'Ko letters, whether one
/// is in another script, and where the letters only Bambara uses are (ɛ ɔ ɲ ŋ in either case, and
/// N'Ko letters). The fast word segmenter fills it in the same pass.
struct letter_tally
{
    std::size_t latin = 0;
    std::size_t nko = 0;
    bool foreign = false;                 ///< a letter of a script other than Latin (text_flags looks for it)
    std::vector<std::size_t> bambara_at;  ///< byte offsets, in text order

    /// Back to no letters, keeping the buffer.
    void clear()
    {
        latin = 0;
        nko = 0;
        foreign = false;
        bambara_at.clear();
    }

    /// Out of line and cold: the segmenter's loops keep their registers.
    __attribute__((noinline, cold)) void make_room() { bambara_at.reserve(2 * bambara_at.capacity() + 32); }

    /// Counts the code point at byte offset `at` with the `char_info::bits` `bits`.
    void add(uint8_t bits, std::size_t at)
    {
        latin += (bits & latin_letter) != 0;
        nko += (bits & nko_letter) != 0;
        foreign |= (bits & foreign_letter) != 0;
        if(bits & (bambara_letter | nko_letter))
        {
            // Room for a line's letters at once: doubling from one grew a fresh tally's vector
            // two or three times per line of Bambara.
            if(bambara_at.size() == bambara_at.capacity())
                make_room();
            bambara_at.push_back(at);
        }
    }
};

/// The properties of `c`, computed (what the table holds; use it above U+FFFF).
char_info compute_info(UChar32 c);

/// The table of U+0000..U+FFFF (65,536 entries), built at first use.
char_info const* bmp_table();

/// The properties of the valid code point `c`, given `bmp_table()`.
inline char_info info_of(UChar32 c, char_info const* bmp) { return c < 0x10000 ? bmp[c] : compute_info(c); }

}  // namespace baro::text::detail
