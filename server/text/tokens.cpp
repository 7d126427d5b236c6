#include "text/tokens.hpp"

#include "text/display.hpp"
#include "text/function_words.hpp"
#include "text/search_key.hpp"
#include "text/utf8.hpp"
#include "text/word_segments.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace baro::text {
namespace {

using detail::is_ascii_alnum;
using detail::token_span;

constexpr uint64_t ones = 0x0101010101010101ull;
constexpr uint64_t highs = 0x8080808080808080ull;

bool starts_with_icase(std::string_view s, std::size_t at, std::string_view prefix)
{
    if(s.size() - at < prefix.size())
        return false;
    for(std::size_t i = 0; i < prefix.size(); ++i)
        if(std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i])
            return false;
    return true;
}

bool is_url_end(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '<' || c == '>' || c == '"'; }

// True when one of the eight bytes at `p` is h, H, w or W (OR 0x20 maps only H to h and W to w).
bool has_h_or_w(char const* p)
{
    auto zero_bytes = [](uint64_t x) { return ~(((x & ~highs) + ~highs) | x) & highs; };
    uint64_t w;
    std::memcpy(&w, p, 8);
    w |= 0x2020202020202020ull;
    return (zero_bytes(w ^ ('h' * ones)) | zero_bytes(w ^ ('w' * ones))) != 0;
}

// True when `text` holds "//" or two w's in a row (either case): every URL does, few other texts.
bool may_hold_url(std::string_view text)
{
    auto zero_bytes = [](uint64_t x) { return ~(((x & ~highs) + ~highs) | x) & highs; };
    std::size_t const n = text.size();
    std::size_t i = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time where SSE2 is there (every x86-64): this scan reads every byte of
    // every text, and the eight-byte version below cost ~3% of analyze().
    __m128i const slash = _mm_set1_epi8('/');
    __m128i const w = _mm_set1_epi8('w');
    __m128i const to_lower = _mm_set1_epi8(0x20);
    for(; i + 17 <= n; i += 16)
    {
        __m128i const here = _mm_loadu_si128(reinterpret_cast<__m128i const*>(text.data() + i));
        __m128i const next = _mm_loadu_si128(reinterpret_cast<__m128i const*>(text.data() + i + 1));
        __m128i const slashes = _mm_and_si128(_mm_cmpeq_epi8(here, slash), _mm_cmpeq_epi8(next, slash));
        __m128i const ws =
            _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(here, to_lower), w), _mm_cmpeq_epi8(_mm_or_si128(next, to_lower), w));
        if(_mm_movemask_epi8(_mm_or_si128(slashes, ws)) != 0)
            return true;
    }
#endif
    for(; i + 9 <= n; i += 8)
    {
        uint64_t here;
        uint64_t next;  // the byte after each
        std::memcpy(&here, text.data() + i, 8);
        std::memcpy(&next, text.data() + i + 1, 8);
        uint64_t const slashes = zero_bytes(here ^ ('/' * ones)) & zero_bytes(next ^ ('/' * ones));
        uint64_t const ws =
            zero_bytes((here | 0x2020202020202020ull) ^ ('w' * ones)) & zero_bytes((next | 0x2020202020202020ull) ^ ('w' * ones));
        if(slashes | ws)
            return true;
    }
    for(; i + 1 < n; ++i)
    {
        char const a = static_cast<char>(text[i] | 0x20);
        char const b = static_cast<char>(text[i + 1] | 0x20);
        if((text[i] == '/' && text[i + 1] == '/') || (a == 'w' && b == 'w'))
            return true;
    }
    return false;
}

// Web addresses (http://, https://, www.) in text order; trailing punctuation is not part of them.
std::vector<token_span> find_urls(std::string_view text)
{
    std::vector<token_span> urls;
    if(! may_hold_url(text))
        return urls;
    std::size_t const n = text.size();
    for(std::size_t i = 0; i < n; ++i)
    {
        if(i + 8 <= n && ! has_h_or_w(text.data() + i))
        {
            i += 7;  // no URL starts in these eight bytes
            continue;
        }
        char const c = text[i];
        if(c != 'h' && c != 'H' && c != 'w' && c != 'W')
            continue;
        if(i > 0 && is_ascii_alnum(text[i - 1]))
            continue;
        if(! starts_with_icase(text, i, "https://") && ! starts_with_icase(text, i, "http://") &&
           ! starts_with_icase(text, i, "www."))
            continue;
        std::size_t e = i;
        while(e < n && ! is_url_end(text[e]))
            ++e;
        while(e > i && std::string_view(".,;:!?)]}'").find(text[e - 1]) != std::string_view::npos)
            --e;
        urls.push_back({i, e});
        i = e;
    }
    return urls;
}

bool is_hashtag_start(std::string_view text, std::size_t word_begin)
{
    if(word_begin == 0 || text[word_begin - 1] != '#')
        return false;
    return word_begin == 1 || ! is_ascii_alnum(text[word_begin - 2]);
}

// Keys and words are short: their bytes are read as one or two overlapping 8- or 4-byte loads
// (a byte loop here was a quarter of tokenize's own time). `swar_any(s, f)` ORs `f` over them.
template<class F>
uint64_t swar_any(std::string_view s, F f)
{
    auto const* p = s.data();
    std::size_t const n = s.size();
    if(n >= 8)
    {
        uint64_t acc = 0;
        std::size_t i = 0;
        for(; i + 8 <= n; i += 8)
        {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            acc |= f(w);
        }
        if(i < n)
        {
            uint64_t w;
            std::memcpy(&w, p + n - 8, 8);
            acc |= f(w);
        }
        return acc;
    }
    if(n >= 4)
    {
        uint32_t lo;
        uint32_t hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        return f(uint64_t{lo} | (uint64_t{hi} << 32));
    }
    // 1 to 3 bytes: the first, middle and last (repeats are harmless: OR-ed predicates).
    if(n == 0)
        return 0;
    auto const b = [&](std::size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
    return f(b(0) | (b(n / 2) << 8) | (b(n - 1) << 16) | (b(0) << 24) | (b(0) << 32) | (b(0) << 40) | (b(0) << 48) |
             (b(0) << 56));
}

bool is_ascii(std::string_view s)
{
    return swar_any(s, [](uint64_t w) { return w & highs; }) == 0;
}

bool has_apostrophe(std::string_view key)
{
    return swar_any(key, [](uint64_t w) {
               uint64_t const x = w ^ ('\'' * ones);  // a zero byte where w holds '
               return ~(((x & ~highs) + ~highs) | x) & highs;
           }) != 0;
}

// Writes tokens through raw pointers into a scratch array of this thread; flush() appends them to
// the list in one copy: emplace_back per token re-read and re-wrote the vector's end, and growing
// the list's vector before writing (resize) constructed every element once more.
class token_writer
{
public:
    token_writer(detail::token_list& out, std::size_t expected) : out_(out) { grow(expected); }
    /// The tokens written so far go to the list (once, at the end).
    void flush()
    {
        out_.items.insert(out_.items.end(), items_, items_ + used_);
        used_ = 0;
    }
    token_writer(token_writer const&) = delete;
    token_writer& operator=(token_writer const&) = delete;

    std::string_view keys() const { return out_.keys; }
    detail::function_word_table const& votes() const { return votes_; }

    void push(std::size_t key_begin, std::size_t key_size, token::kind type, detail::word_language vote, std::size_t begin,
              std::size_t end)
    {
        if(used_ == size_)
            grow(2 * size_ + 16);
        auto& t = items_[used_];
        t.key_begin = static_cast<uint32_t>(key_begin);
        t.key_size = static_cast<uint32_t>(key_size);
        t.type = type;
        t.vote = static_cast<uint8_t>(vote);
        t.span.begin = begin;
        t.span.end = end;
        ++used_;
    }

private:
    // Room for `n` tokens in the scratch array (which only ever grows).
    void grow(std::size_t n)
    {
        thread_local std::vector<detail::token_list::item> items;
        if(items.size() < n)
            items.resize(n);
        items_ = items.data();
        size_ = items.size();
    }

    detail::token_list& out_;
    detail::function_word_table const& votes_ = detail::function_words();
    std::size_t used_ = 0;
    std::size_t size_ = 0;
    detail::token_list::item* items_ = nullptr;
};

// A word's key, already in the keys at `at`: a stopword or word by its vote.
inline __attribute__((always_inline)) void push_whole(token_writer& w, std::size_t at, std::size_t size, std::size_t begin,
                                                      std::size_t end)
{
    auto const vote = w.votes().find(std::string_view(w.keys().data() + at, size));  // in bounds: no substr check
    w.push(at, size, vote == detail::word_language::none ? token::kind::word : token::kind::stopword, vote, begin, end);
}

// Splits a word's key (in the keys at `at`) at its apostrophes: clitics become stopwords, the
// rest words. Every piece is a slice of the key, so nothing is copied.
void push_split(token_writer& w, std::size_t at, std::size_t size, std::size_t b, std::size_t e)
{
    std::size_t start = 0;
    for(;;)
    {
        std::string_view const key = w.keys().substr(at, size);
        std::size_t const q = key.find('\'', start);
        if(q == std::string_view::npos)
            break;
        std::string_view const piece = key.substr(start, q + 1 - start);
        if(detail::is_clitic(piece))
            w.push(at + start, piece.size(), token::kind::stopword, w.votes().find(piece), b, e);
        else if(piece.size() > 1)
            push_whole(w, at + start, piece.size() - 1, b, e);
        start = q + 1;
    }
    if(start < size)
        push_whole(w, at + start, size - start, b, e);
}

// The word segments of a text, in a buffer of this thread reused for every text: no allocation
// per call once it has grown.
std::vector<token_span>& word_scratch()
{
    thread_local std::vector<token_span> words;
    words.clear();
    return words;
}

// The tokens of `text`, given its word segments (`valid`: the text is valid UTF-8).
void tokenize_words(std::string_view text, detail::token_list& out, std::vector<token_span> const& words, bool valid)
{
    using namespace detail;
    auto const urls = find_urls(text);
    std::size_t next_url = 0;
    thread_local std::vector<uint32_t> key_at;  // scratch, as words
    // The key of the whole text, telling where each word's key lies in it.
    out.text_key_begin = out.keys.size();
    if(valid)
        append_search_key_with_slices(text, out.keys, words, key_at);
    out.text_key_end = out.keys.size();
    out.has_text_key = valid;
    // Where the text's key has apostrophes, so that each slice is tested with a cursor.
    thread_local std::vector<std::size_t> quotes;
    quotes.clear();
    for(std::size_t q = out.keys.find('\'', out.text_key_begin); q < out.text_key_end; q = out.keys.find('\'', q + 1))
        quotes.push_back(q);
    std::size_t next_quote = 0;
    token_writer w(out, words.size() + urls.size());  // a word split at apostrophes takes more
    auto push_url = [&](token_span const& u) {
        std::size_t const at = out.keys.size();
        append_search_key(text.substr(u.begin, u.end - u.begin), out.keys);
        w.push(at, out.keys.size() - at, token::kind::url, word_language::none, u.begin, u.end);
    };
    for(std::size_t k = 0; k < words.size(); ++k)
    {
        auto const b = words[k].begin;
        auto const e = words[k].end;
        while(next_url < urls.size() && urls[next_url].begin <= b)
            push_url(urls[next_url++]);
        if(next_url > 0 && b < urls[next_url - 1].end)
            continue;  // inside the URL just emitted
        std::size_t at = 0;
        std::size_t size = 0;
        bool apostrophe = false;
        if(valid && slice_is_own_key_fast(text, b, out.text_key(), key_at[2 * k] - out.text_key_begin))
        {
            at = key_at[2 * k];
            size = key_at[2 * k + 1] - at;
            while(next_quote < quotes.size() && quotes[next_quote] < at)
                ++next_quote;
            apostrophe = next_quote < quotes.size() && quotes[next_quote] < at + size;
        }
        else
        {
            // The word's own key, after the others in the shared buffer.
            std::string_view const word = text.substr(b, e - b);
            at = out.keys.size();
            if(is_ascii(word))
            {
                out.keys.append(word);
                out.keys.resize(at + fold_ascii_key(out.keys.data() + at, word.size()));
            }
            else
                append_search_key(word, out.keys);
            size = out.keys.size() - at;
            apostrophe = has_apostrophe(std::string_view(out.keys).substr(at, size));
        }
        if(size == 0)
            continue;
        std::string_view const key(out.keys.data() + at, size);
        if(is_hashtag_start(text, b))
        {
            w.push(at, size, token::kind::hashtag, w.votes().find(key), b - 1, e);
            continue;
        }
        if(! apostrophe || keeps_apostrophe(key))
            push_whole(w, at, size, b, e);
        else
            push_split(w, at, size, b, e);
    }
    for(; next_url < urls.size(); ++next_url)
        push_url(urls[next_url]);
    w.flush();
}

}  // namespace

namespace detail {

void tokenize(std::string_view text, token_list& out)
{
    auto& words = word_scratch();
    out.letters.clear();
    bool valid = fast_word_segments(text, words, out.letters);
    out.has_letters = valid;
    if(! valid)
    {
        out.letters.clear();
        icu_word_segments(text, words);
        valid = is_valid_utf8(text);
    }
    tokenize_words(text, out, words, valid);
}

void display_and_tokenize(std::string_view raw_bytes, std::size_t max_chars, display_result& display, token_list& out)
{
    if(raw_bytes.size() > max_display_input_bytes(max_chars))
    {
        display = display_form(raw_bytes, max_chars);
        return tokenize(display.text, out);
    }
    // Most texts are their own display form: the segmenter's pass finds that, and their words.
    auto& words = word_scratch();
    out.letters.clear();
    std::size_t chars = 0;
    auto const found = segment_raw(raw_bytes, words, out.letters, chars);
    if(found == segmented::done && chars <= max_chars)
    {
        // Constructed, not assigned: assign goes through basic_string's general replace.
        display = display_result{std::string(raw_bytes), false, false, chars};
        out.has_letters = true;
        return tokenize_words(display.text, out, words, true);
    }
    display =
        found == segmented::not_display_ready ? display_form_general(raw_bytes, max_chars) : display_form(raw_bytes, max_chars);
    tokenize(display.text, out);
}

}  // namespace detail

std::vector<token> tokenize(std::string_view display_text)
{
    // One list per thread, reused: its buffers are not reallocated on every call.
    thread_local detail::token_list list;
    list.clear();
    detail::tokenize(display_text, list);
    std::vector<token> out;
    out.reserve(list.items.size());
    for(auto const& t : list.items)
        out.push_back({std::string(list.key(t)), t.type});
    return out;
}

}  // namespace baro::text
