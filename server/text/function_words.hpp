#pragma once
// High-frequency function words of French and Bambara, as search keys (internal to baro_text).
// The lists were read off the corpus train split (words at least 20 times more frequent, per
// token, in one language than in the other) and completed with SMS spellings; see docs/text.md.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

/// The function words of both lists in an open-addressing hash keyed by the key's bytes packed
/// into one integer: one multiply and usually one compare (every token is looked up; three binary
/// searches cost ~20 string compares). Built once, read-only afterwards. `find` is inline so that
/// tokenize, which holds the table, pays no call per token.
class function_word_table
{
public:
    function_word_table();

    /// The vote of the search key `key`.
    word_language find(std::string_view key) const
    {
        if(key.empty() || key.size() > max_bytes)
            return word_language::none;
        uint64_t const p = pack(key);
        for(std::size_t i = slot_of(p);; i = (i + 1) % slots)
        {
            uint8_t const m = meta_[i];
            if(m == 0)
                return word_language::none;
            if((m & 0x0F) == key.size() && packed_[i] == p)
                return static_cast<word_language>(m >> 4);
        }
    }

    static constexpr std::size_t max_bytes = 8;  // the longest function word (checked at compile time)

private:
    // A tenth full, so most misses end at the first slot; the one-byte slot descriptions (2 KiB)
    // are read first, the packed keys only when the length matches.
    static constexpr std::size_t slots = 2048;

    static uint64_t pack(std::string_view key)  // key.size() <= 8
    {
        // Two overlapping fixed-size loads (a variable-length memcpy is a call and a stall): the
        // bytes both loads cover land on the same place with the same value.
        auto const* s = reinterpret_cast<unsigned char const*>(key.data());
        std::size_t const n = key.size();
        if(n >= 4)
        {
            uint32_t lo;
            uint32_t hi;
            std::memcpy(&lo, s, 4);
            std::memcpy(&hi, s + n - 4, 4);
            return uint64_t{lo} | (uint64_t{hi} << ((n - 4) * 8));
        }
        return uint64_t{s[0]} | (uint64_t{s[n / 2]} << (n / 2 * 8)) | (uint64_t{s[n - 1]} << ((n - 1) * 8));
    }

    static std::size_t slot_of(uint64_t p) { return static_cast<std::size_t>((p * 0x9E3779B97F4A7C15ull) >> 53); }

    void insert(std::string_view key, word_language vote);

    std::array<uint8_t, slots> meta_{};  // 0: empty; else the key's length (1..8) | vote << 4
    std::array<uint64_t, slots> packed_{};
};

/// The table, built at first use.
function_word_table const& function_words();

/// The vote of the search key `key` of a whole word or of an elided clitic such as "l'".
word_language function_word(std::string_view key);

/// True for the elided clitics (l' d' qu' b' k' y' ...) that tokenization splits off.
bool is_clitic(std::string_view key);

/// True for words written with an apostrophe that stay whole (aujourd'hui).
bool keeps_apostrophe(std::string_view key);

}  // namespace baro::text::detail
