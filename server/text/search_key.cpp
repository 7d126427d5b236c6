#include "text/search_key.hpp"

#include "text/icu_cache.hpp"
#include "text/key_fold.hpp"
#include "text/utf8.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

namespace baro::text {
namespace {

using detail::key_fold;
using detail::next_code_point;
using detail::token_span;

constexpr uint64_t ones = 0x0101010101010101ull;
constexpr uint64_t highs = 0x8080808080808080ull;
constexpr std::size_t no_mark = std::numeric_limits<std::size_t>::max();

// 0x80 in each byte of `w` that is zero, 0 elsewhere (exact for every byte value).
uint64_t zero_bytes(uint64_t w) { return ~(((w & ~highs) + ~highs) | w) & highs; }

// The text offsets whose places in the key are wanted (each span's begin, then its end), in order.
class key_marks
{
public:
    key_marks() = default;
    key_marks(std::vector<token_span> const& spans, std::vector<uint32_t>& at)
        : span_(spans.data()),
          last_(spans.data() + spans.size()),
          at_(at.data())
    {
        next_ = span_ != last_ ? span_->begin : no_mark;
    }

    // The next offset to place, or `no_mark`.
    std::size_t next() const { return next_; }

    // The next offset's key text starts at `key_offset`.
    void place(std::size_t key_offset)
    {
        *at_++ = static_cast<uint32_t>(key_offset);
        if(! in_span_)
        {
            in_span_ = true;
            next_ = span_->end;
            return;
        }
        in_span_ = false;
        ++span_;
        next_ = span_ != last_ ? span_->begin : no_mark;
    }

private:
    token_span const* span_ = nullptr;
    token_span const* last_ = nullptr;
    uint32_t* at_ = nullptr;
    bool in_span_ = false;  // the begin of `*span_` is placed, its end not yet
    std::size_t next_ = no_mark;
};

// Appends key code points, cutting runs of three or more identical letters to two, and places
// the marks as it passes them. Writes through a raw pointer into room made in `out` up front
// (grown when a fold is longer than its input) and sets the final length once: push_back per byte
// re-reads the string's pointer and length after every store, since a char store may alias them.
class key_writer
{
public:
    key_writer(std::string& out, std::size_t size_hint, key_marks marks) : out_(out), used_(out.size()), marks_(marks)
    {
        std::size_t const room = used_ + size_hint + 8;  // an ASCII block writes eight bytes
        // An empty buffer too small (a fresh token list) is replaced by a new one: resize would
        // go through basic_string's general replace to move nothing.
        if(used_ == 0 && out_.capacity() < room)
            out_ = std::string(room, '\0');
        else
            out_.resize(room);
    }
    ~key_writer()
    {
        place_marks(no_mark - 1);
        out_.resize(used_);
    }
    key_writer(key_writer const&) = delete;
    key_writer& operator=(key_writer const&) = delete;

    // Marks at text offsets up to `at` lie at the current end of the key.
    void place_marks(std::size_t at)
    {
        while(marks_.next() <= at)
            marks_.place(used_);
    }

    // The run of ASCII bytes of `s` at `at`: lower case, ` as ', repeats cut; returns its length.
    // Eight bytes at a time, the run's end found in the same loads: a block's ASCII prefix is folded
    // at once when none of its bytes is a backtick or the third of a run (carries in the tests below
    // run upwards, so bytes past the prefix do not disturb it).
    std::size_t ascii_run(std::string_view s, std::size_t at)
    {
        auto const* p = s.data();
        std::size_t const n = s.size();
        char* const base = room(n - at + 8);  // the run's key is no longer than the run; a block writes 8
        char* o = base + used_;
        UChar32 prev = prev_;
        int run = run_;
        auto one = [&](unsigned char c, std::size_t offset) {
            while(marks_.next() <= offset)
                marks_.place(static_cast<std::size_t>(o - base));
            c = c == '`' ? '\'' : (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
            if(static_cast<UChar32>(c) == prev)
            {
                if(++run > 2 && c >= 'a' && c <= 'z')
                    return;
            }
            else
            {
                prev = c;
                run = 1;
            }
            *o++ = static_cast<char>(c);
        };
        std::size_t i = at;
        for(; i + 8 <= n;)
        {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            uint64_t const high = w & highs;
            std::size_t const k = high == 0 ? 8 : static_cast<std::size_t>(__builtin_ctzll(high) / 8);
            if(k == 0)
                break;
            uint64_t const in_run = k == 8 ? ~0ull : (1ull << (8 * k)) - 1;
            uint64_t const upper = (w + (0x80 - 'A') * ones) & ~(w + (0x80 - 'Z' - 1) * ones) & highs & in_run;
            uint64_t const lower = w + (upper >> 2);
            // Each byte next to the one and two before it (0x80, never an ASCII byte, for "none").
            uint64_t const p1 = prev >= 0 && prev < 0x80 ? static_cast<uint64_t>(prev) : 0x80;
            uint64_t const p2 = run >= 2 ? p1 : 0x80;
            uint64_t const third = zero_bytes(lower ^ ((lower << 8) | p1)) & zero_bytes(lower ^ ((lower << 16) | (p1 << 8) | p2));
            if(((third | zero_bytes(lower ^ ('`' * ones))) & in_run) != 0)
            {
                for(std::size_t j = i; j < i + k; ++j)
                    one(static_cast<unsigned char>(p[j]), j);
            }
            else
            {
                while(marks_.next() < i + k)
                    marks_.place(static_cast<std::size_t>(o - base) + (marks_.next() - i));
                std::memcpy(o, &lower, 8);
                o += k;
                auto const last = static_cast<UChar32>((lower >> (8 * (k - 1))) & 0xFF);
                auto const before = k >= 2 ? static_cast<UChar32>((lower >> (8 * (k - 2))) & 0xFF) : prev;
                run = last == before ? 2 : 1;  // no third: a run here is at most two long
                prev = last;
            }
            i += k;
            if(k < 8)
                break;
        }
        if(i + 8 > n)  // the last few bytes of the text
            for(; i < n && static_cast<uint8_t>(p[i]) < 0x80; ++i)
                one(static_cast<unsigned char>(p[i]), i);
        prev_ = prev;
        run_ = run;
        used_ = static_cast<std::size_t>(o - base);
        return i - at;
    }

    // Key text of one code point (already folded).
    void text(std::string_view t)
    {
        char* o = room(t.size()) + used_;
        for(std::size_t i = 0; i < t.size();)
        {
            auto const b = static_cast<uint8_t>(t[i]);
            if(b < 0x80)
            {
                ++i;
                if(! (repeated(b) && b >= 'a' && b <= 'z'))
                    *o++ = static_cast<char>(b);
                continue;
            }
            std::size_t const start = i;
            UChar32 const c = next_code_point(t, i);
            if(repeated(c) && u_isalpha(c))
                continue;
            for(std::size_t k = start; k < i; ++k)
                *o++ = t[k];
        }
        used_ = static_cast<std::size_t>(o - out_.data());
    }

private:
    // The buffer, with room for `n` more bytes after `used_`.
    char* room(std::size_t n)
    {
        if(out_.size() - used_ < n)
            out_.resize(std::max(out_.size() * 2, used_ + n));
        return out_.data();
    }

    bool repeated(UChar32 c)
    {
        if(c == prev_)
            return ++run_ > 2;
        prev_ = c;
        run_ = 1;
        return false;
    }

    std::string& out_;
    std::size_t used_;
    key_marks marks_;
    UChar32 prev_ = -1;
    int run_ = 0;
};

void append_key(std::string_view display_text, std::string& out, key_marks marks)
{
    detail::key_fold_table const& t = detail::key_folds();
    key_writer w(out, display_text.size(), marks);
    bool latin_base = false;
    std::string wide;  // the fold of a code point above the BMP
    std::size_t const n = display_text.size();
    for(std::size_t i = 0; i < n;)
    {
        if(static_cast<uint8_t>(display_text[i]) < 0x80)
        {
            w.place_marks(i);
            std::size_t const len = w.ascii_run(display_text, i);
            auto const last = static_cast<uint8_t>(display_text[i + len - 1] | 0x20);
            latin_base = last >= 'a' && last <= 'z';
            i += len;
            continue;
        }
        w.place_marks(i);
        UChar32 const c = next_code_point(display_text, i);
        if(c < 0)
            continue;
        uint8_t flags = 0;
        std::string_view text;
        if(c < 0x10000)
        {
            key_fold const& f = t.at(c);
            flags = f.flags;
            text = t.text(f);
        }
        else if(auto const* nf = detail::nfkc_casefold(); nf && nf->isInert(c) && ! detail::is_mark(c))
        {
            // Emoji and most other astral characters: unchanged, and not a Latin base.
            latin_base = false;
            w.text(display_text.substr(i - 4, 4));
            continue;
        }
        else
        {
            wide = detail::fold_code_point(c, flags);
            text = wide;
        }
        if(flags & key_fold::mark)
        {
            if(latin_base)
                continue;
        }
        else if(! (flags & key_fold::transparent))
            latin_base = (flags & key_fold::latin) != 0;
        w.text(text);
    }
}

}  // namespace

void append_search_key(std::string_view display_text, std::string& out) { append_key(display_text, out, key_marks()); }

namespace detail {

void append_search_key_with_slices(std::string_view text, std::string& out, std::vector<token_span> const& spans,
                                   std::vector<uint32_t>& key_at)
{
    key_at.resize(2 * spans.size());
    append_key(text, out, key_marks(spans, key_at));
}

bool slice_is_own_key(std::string_view text, std::size_t word_begin, std::string_view text_key, std::size_t key_begin)
{
    // The key writer's run state at the word is the last code point it wrote: a letter could
    // continue into the word's first letters.
    if(key_begin > 0)
    {
        auto const b = static_cast<uint8_t>(text_key[key_begin - 1]);
        if(b < 0x80)
        {
            if(b >= 'a' && b <= 'z')
                return false;
        }
        else
        {
            std::size_t start = key_begin - 1;
            while(start > 0 && (static_cast<uint8_t>(text_key[start]) & 0xC0) == 0x80)
                --start;
            if(u_isalpha(next_code_point(text_key, start)))
                return false;
        }
    }
    // Its Latin-base state comes from the character before the word; an ASCII one that is not a
    // letter clears it, as the start of a text does. An ASCII first character ignores it. After an
    // ASCII digit it is refused too (conservative: a digit then a letter is rarely two words).
    if(word_begin > 0 && static_cast<uint8_t>(text[word_begin]) >= 0x80)
    {
        auto const b = static_cast<uint8_t>(text[word_begin - 1]);
        if(b >= 0x80 || is_ascii_alnum(static_cast<char>(b)))
            return false;
    }
    return true;
}

std::size_t fold_ascii_key(char* const begin, std::size_t n)
{
    char* const end = begin + n;
    char* o = begin;
    int prev = -1;
    int run = 0;
    for(char const* p = begin; p != end; ++p)
    {
        auto c = static_cast<unsigned char>(*p);
        c = c == '`' ? '\'' : (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
        if(c == prev)
        {
            if(++run > 2 && c >= 'a' && c <= 'z')
                continue;
        }
        else
        {
            prev = c;
            run = 1;
        }
        *o++ = static_cast<char>(c);
    }
    return static_cast<std::size_t>(o - begin);
}

void fold_ascii_key(std::string& ascii)
{
    std::size_t const n = fold_ascii_key(ascii.data(), ascii.size());
    if(n != ascii.size())
        ascii.resize(n);
}

}  // namespace detail

std::string search_key(std::string_view display_text)
{
    std::string out;
    append_search_key(display_text, out);
    return out;
}

}  // namespace baro::text
