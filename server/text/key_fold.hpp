#pragma once
// How one code point of display text becomes search-key text (internal to baro_text): NFKC case
// fold, look-alikes, Bambara folding, Latin marks off, digits to ASCII. Computed once per BMP code
// point into a table built at first use (a C++ magic static, read-only afterwards), on the fly above.
#include <unicode/umachine.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text::detail {

/// The key text of one code point (an offset into the table's pool) and how it treats marks.
struct key_fold
{
    enum : uint8_t
    {
        mark = 1,         ///< a combining mark: dropped after a Latin base
        latin = 2,        ///< a Latin base: marks that follow it are dropped
        transparent = 4,  ///< folds to nothing and leaves the base state alone
    };
    uint32_t offset = 0;  ///< into the table's pool
    uint8_t length = 0;
    uint8_t flags = 0;
};

/// The key text of `c` and its `key_fold` flags, computed with ICU (what the table holds).
std::string fold_code_point(UChar32 c, uint8_t& flags);

/// `key_fold` of every BMP code point from U+0080 (ASCII takes the key writer's own branch).
class key_fold_table
{
public:
    key_fold_table();

    key_fold const& at(UChar32 c) const { return entries_[static_cast<std::size_t>(c)]; }
    std::string_view text(key_fold const& f) const { return std::string_view(pool_).substr(f.offset, f.length); }

private:
    std::vector<key_fold> entries_;
    std::string pool_;
};

/// The table, built at first use.
key_fold_table const& key_folds();

/// True for a combining mark (general category M).
bool is_mark(UChar32 c);

}  // namespace baro::text::detail
