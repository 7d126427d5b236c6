#include "text/tokens.hpp"

#include "text/function_words.hpp"
#include "text/search_key.hpp"
#include "text/utf8.hpp"
#include "text/word_segments.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>

namespace baro::text {
namespace {

using detail::is_ascii_alnum;
using detail::token_span;

bool starts_with_icase(std::string_view s, std::size_t at, std::string_view prefix)
{
    if(s.size() - at < prefix.size())
        return false;
    for(std::size_t i = 0; i < prefix.size(); ++i)
        if(std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i])
            return false;
    return true;
}

bool is_url_end(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '<' || c == '>' || c == '"';
}

// True when one of the eight bytes at `p` is h, H, w or W (OR 0x20 maps only H to h and W to w).
bool has_h_or_w(char const* p)
{
    constexpr uint64_t ones = 0x0101010101010101ull;
    constexpr uint64_t highs = 0x8080808080808080ull;
    auto zero_bytes = [](uint64_t x) { return ~(((x & ~highs) + ~highs) | x) & highs; };
    uint64_t w;
    std::memcpy(&w, p, 8);
    w |= 0x2020202020202020ull;
    return (zero_bytes(w ^ ('h' * ones)) | zero_bytes(w ^ ('w' * ones))) != 0;
}

// Web addresses (http://, https://, www.) in text order; trailing punctuation is not part of them.
std::vector<token_span> find_urls(std::string_view text)
{
    std::vector<token_span> urls;
    std::size_t const n = text.size();
    for(std::size_t i = 0; i < n; ++i)
    {
        if(i + 8 <= n && ! has_h_or_w(text.data() + i))
        {
            i += 7;   // no URL starts in these eight bytes
            continue;
        }
        char const c = text[i];
        if(c != 'h' && c != 'H' && c != 'w' && c != 'W')
            continue;
        if(i > 0 && is_ascii_alnum(text[i - 1]))
            continue;
        if(! starts_with_icase(text, i, "https://") && ! starts_with_icase(text, i, "http://")
           && ! starts_with_icase(text, i, "www."))
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

token::kind word_kind(std::string_view key)
{
    return detail::function_word(key) == detail::word_language::none ? token::kind::word : token::kind::stopword;
}

// Field by field: a span built on the stack and copied as one 16-byte value stalls on store forwarding.
void push_span(std::vector<token_span>& spans, std::size_t begin, std::size_t end)
{
    auto& s = spans.emplace_back();
    s.begin = begin;
    s.end = end;
}

bool is_ascii(std::string_view s)
{
    unsigned char any = 0;
    for(char c : s)
        any |= static_cast<unsigned char>(c);
    return any < 0x80;
}

bool has_apostrophe(std::string_view key)
{
    for(char c : key)   // keys are short: a loop beats a call to memchr
        if(c == '\'')
            return true;
    return false;
}

// Splits a word's key at its apostrophes: clitics become stopwords, the rest words.
void push_word(std::string_view key, token_span span, std::vector<token>& out, std::vector<token_span>* spans)
{
    auto push = [&](std::string_view k, token::kind type) {
        out.push_back({std::string(k), type});
        if(spans)
            spans->push_back(span);
    };
    if(! has_apostrophe(key) || detail::keeps_apostrophe(key))
        return push(key, word_kind(key));
    std::size_t start = 0;
    for(std::size_t q = key.find('\''); q != std::string_view::npos; q = key.find('\'', start))
    {
        std::string_view piece = key.substr(start, q + 1 - start);
        start = q + 1;
        if(detail::is_clitic(piece))
            push(piece, token::kind::stopword);
        else if(piece.size() > 1)
        {
            piece.remove_suffix(1);
            push(piece, word_kind(piece));
        }
    }
    if(start < key.size())
    {
        std::string_view const rest = key.substr(start);
        push(rest, word_kind(rest));
    }
}

}  // namespace

namespace detail {

void tokenize(std::string_view text, std::vector<token>& out, std::vector<token_span>* spans)
{
    auto const urls = find_urls(text);
    std::size_t next_url = 0;
    std::vector<token_span> words;
    words.reserve(text.size() / 4 + 1);
    word_segments(text, words);
    out.reserve(out.size() + words.size() + urls.size());
    if(spans)
        spans->reserve(spans->size() + words.size() + urls.size());
    for(auto const& w : words)
    {
        auto const b = w.begin;
        auto const e = w.end;
        while(next_url < urls.size() && urls[next_url].begin <= b)
        {
            auto const& u = urls[next_url++];
            out.push_back({search_key(text.substr(u.begin, u.end - u.begin)), token::kind::url});
            if(spans)
                spans->push_back(u);
        }
        if(next_url > 0 && b < urls[next_url - 1].end)
            continue;   // inside the URL just emitted
        // The key is written straight into the new token (short keys stay in its inline buffer).
        std::string_view const word = text.substr(b, e - b);
        auto& t = out.emplace_back();
        if(is_ascii(word))
        {
            t.key.assign(word);
            detail::fold_ascii_key(t.key);
        }
        else
            append_search_key(word, t.key);
        if(t.key.empty())
        {
            out.pop_back();
            continue;
        }
        if(is_hashtag_start(text, b))
        {
            t.type = token::kind::hashtag;
            if(spans)
                push_span(*spans, b - 1, e);
            continue;
        }
        if(! has_apostrophe(t.key) || detail::keeps_apostrophe(t.key))
        {
            t.type = word_kind(t.key);
            if(spans)
                push_span(*spans, b, e);
            continue;
        }
        std::string const key = std::move(t.key);
        out.pop_back();
        push_word(key, {b, e}, out, spans);
    }
    for(; next_url < urls.size(); ++next_url)
    {
        auto const& u = urls[next_url];
        out.push_back({search_key(text.substr(u.begin, u.end - u.begin)), token::kind::url});
        if(spans)
            spans->push_back(u);
    }
}

}  // namespace detail

std::vector<token> tokenize(std::string_view display_text)
{
    std::vector<token> out;
    detail::tokenize(display_text, out, nullptr);
    return out;
}

}  // namespace baro::text
