#include "text/themes.hpp"

#include "text/search_key.hpp"

namespace baro::text {
namespace {

// Keys shorter than these match whole (with a plural ending) rather than as a prefix: French
// "eau" must not match "eaux-de-vie"; Bambara "kɛlɛ" (war) must not match "kelen" (one), while
// "lakana" (security) does match "lakanako" and "kalan" (study) "kalanso" (school).
constexpr std::size_t min_prefix_chars = 4;
constexpr std::size_t min_bambara_prefix_chars = 5;

constexpr uint32_t no_node = 0xFFFFFFFF;

}  // namespace

std::string french_stem(std::string_view keyword)
{
    std::string k = search_key(keyword);
    if(k.size() > min_prefix_chars && (k.back() == 's' || k.back() == 'x'))
        k.pop_back();
    if(k.size() > min_prefix_chars && k.back() == 'e')
        k.pop_back();
    return k;
}

theme_matcher::theme_matcher(std::vector<theme_lexicon> const& themes) : nodes_(1)
{
    root_.fill(no_node);
    for(uint32_t t = 0; t < themes.size(); ++t)
    {
        slugs_.push_back(themes[t].slug);
        for(auto const& w : themes[t].fr)
        {
            std::string const stem = french_stem(w);
            bool const prefix = stem.size() >= min_prefix_chars;
            add(stem, t, prefix);
            if(! prefix)
            {
                add(stem + "s", t, false);
                add(stem + "x", t, false);
            }
        }
        for(auto const& w : themes[t].bm)
        {
            std::string const key = search_key(w);
            bool const prefix = key.size() >= min_bambara_prefix_chars;
            add(key, t, prefix);
            if(! prefix)
                add(key + "w", t, false);
        }
    }
    for(auto const& [c, next] : nodes_[0].children)
        root_[static_cast<unsigned char>(c)] = next;
}

uint32_t theme_matcher::child(uint32_t n, char c) const
{
    for(auto const& [ch, next] : nodes_[n].children)
        if(ch == c)
            return next;
    return no_node;
}

void theme_matcher::add(std::string_view key, uint32_t theme, bool prefix)
{
    if(key.empty())
        return;
    uint32_t n = 0;
    for(char c : key)
    {
        uint32_t next = child(n, c);
        if(next == no_node)
        {
            next = static_cast<uint32_t>(nodes_.size());
            nodes_[n].children.emplace_back(c, next);
            nodes_.emplace_back();
        }
        n = next;
    }
    (prefix ? nodes_[n].on_prefix : nodes_[n].on_exact).push_back(theme);
}

void theme_matcher::mark(std::string_view key, char* hit) const
{
    if(key.empty())
        return;
    uint32_t n = root_[static_cast<unsigned char>(key[0])];
    if(n == no_node)
        return;  // no keyword starts with this byte
    for(uint32_t th : nodes_[n].on_prefix)
        hit[th] = 1;
    for(std::size_t i = 1; i < key.size() && n != no_node; ++i)
    {
        n = child(n, key[i]);
        if(n != no_node)
            for(uint32_t th : nodes_[n].on_prefix)
                hit[th] = 1;
    }
    if(n != no_node)
        for(uint32_t th : nodes_[n].on_exact)
            hit[th] = 1;
}

std::vector<std::string> theme_matcher::slugs_of(char const* hit) const
{
    std::vector<std::string> out;
    for(std::size_t i = 0; i < slugs_.size(); ++i)
        if(hit[i])
            out.push_back(slugs_[i]);
    return out;
}

std::vector<std::string> theme_matcher::match(std::vector<token> const& tokens) const
{
    std::vector<char> hit(slugs_.size(), 0);
    for(auto const& t : tokens)
        if(t.type == token::kind::word || t.type == token::kind::hashtag)
            mark(t.key, hit.data());
    return slugs_of(hit.data());
}

std::vector<std::string> theme_matcher::match(detail::token_list const& tokens) const
{
    // A consultation has a handful of themes: their marks fit on the stack.
    constexpr std::size_t on_stack = 64;
    char small[on_stack] = {};
    std::vector<char> large(slugs_.size() > on_stack ? slugs_.size() : 0, 0);
    char* const hit = large.empty() ? small : large.data();
    for(auto const& t : tokens.items)
        if(t.type == token::kind::word || t.type == token::kind::hashtag)
            mark(tokens.key(t), hit);
    return slugs_of(hit);
}

std::vector<std::string> suggest_themes(std::vector<token> const& tokens, std::vector<theme_lexicon> const& themes)
{
    return theme_matcher(themes).match(tokens);
}

}  // namespace baro::text
