#pragma once
// The view of a display text that redaction reads (internal to baro_text).
#include <unicode/umachine.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text::detail {

/// A display text folded for contact detection, with the way back to the original bytes. Every
/// folded byte comes from one code point of the original: digits of any script are ASCII digits,
/// compatibility forms are their NFKD ASCII (full-width `＠` is `@`, `①` is `1`), space separators
/// are ' ', dashes '-', other letters 'a', other symbols DEL (0x7F); format characters and
/// combining marks fold to nothing (transparent, e.g. an LRM between digits): a span that ends
/// before them takes them along.
class folded_text
{
public:
    /// Folds `original`; an ASCII text is its own fold and costs no copy.
    explicit folded_text(std::string_view original);

    /// The folded bytes.
    std::string_view view() const { return view_; }

    /// Where the code point of folded byte `k` starts in the original.
    std::size_t original_begin(std::size_t k) const { return begin_.empty() ? k : begin_[k]; }

    /// Where the original of folded byte `k` ends: at the next code point that folds to something.
    std::size_t original_end(std::size_t k) const;

private:
    void fold_other(UChar32 c, std::size_t at);
    void push(char c, std::size_t begin)
    {
        storage_ += c;
        begin_.push_back(static_cast<uint32_t>(begin));
    }

    std::size_t original_size_ = 0;
    std::string storage_;
    std::string_view view_;
    std::vector<uint32_t> begin_;  // empty when the text is its own fold
};

}  // namespace baro::text::detail
