#include "text/tokens.hpp"

#include "text/function_words.hpp"
#include "text/icu_cache.hpp"
#include "text/search_key.hpp"
#include "text/utf8.hpp"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>

#include <cctype>

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

// Web addresses (http://, https://, www.) in text order; trailing punctuation is not part of them.
std::vector<token_span> find_urls(std::string_view text)
{
    std::vector<token_span> urls;
    std::size_t const n = text.size();
    for(std::size_t i = 0; i < n; ++i)
    {
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

// Splits a word's key at its apostrophes: clitics become stopwords, the rest words.
void push_word(std::string key, token_span span, std::vector<token>& out, std::vector<token_span>* spans)
{
    auto push = [&](std::string k, token::kind type) {
        out.push_back({std::move(k), type});
        if(spans)
            spans->push_back(span);
    };
    if(key.find('\'') == std::string::npos || detail::keeps_apostrophe(key))
        return push(key, word_kind(key));
    std::size_t start = 0;
    for(std::size_t q = key.find('\''); q != std::string::npos; q = key.find('\'', start))
    {
        std::string piece = key.substr(start, q + 1 - start);
        start = q + 1;
        if(detail::is_clitic(piece))
            push(std::move(piece), token::kind::stopword);
        else if(piece.size() > 1)
        {
            piece.pop_back();
            push(piece, word_kind(piece));
        }
    }
    if(start < key.size())
    {
        std::string rest = key.substr(start);
        push(rest, word_kind(rest));
    }
}

}  // namespace

namespace detail {

void tokenize(std::string_view text, std::vector<token>& out, std::vector<token_span>* spans)
{
    auto const urls = find_urls(text);
    std::size_t next_url = 0;
    auto* it = detail::word_iterator(text);
    if(! it)
        return;
    int32_t begin = it->first();
    for(int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next())
    {
        auto const b = static_cast<std::size_t>(begin);
        auto const e = static_cast<std::size_t>(end);
        while(next_url < urls.size() && urls[next_url].begin <= b)
        {
            auto const& u = urls[next_url++];
            out.push_back({search_key(text.substr(u.begin, u.end - u.begin)), token::kind::url});
            if(spans)
                spans->push_back(u);
        }
        if(next_url > 0 && b < urls[next_url - 1].end)
            continue;   // inside the URL just emitted
        if(it->getRuleStatus() < UBRK_WORD_NONE_LIMIT)
            continue;   // spaces, punctuation, emoji
        std::string key = search_key(text.substr(b, e - b));
        if(key.empty())
            continue;
        if(is_hashtag_start(text, b))
        {
            out.push_back({std::move(key), token::kind::hashtag});
            if(spans)
                spans->push_back({b - 1, e});
            continue;
        }
        push_word(std::move(key), {b, e}, out, spans);
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
