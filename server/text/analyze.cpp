#include "text/analyze.hpp"

#include "text/search_key.hpp"
#include "text/spoof.hpp"
#include "text/tokens.hpp"

#include <algorithm>

namespace baro::text {

analysis analyze(std::string_view raw_bytes, theme_matcher const& themes)
{
    analysis a;
    // One token list per thread, reused: its buffers are not allocated again for every text.
    thread_local detail::token_list tokens;
    tokens.clear();
    // The tokens start with the key of the whole text (display text is valid UTF-8).
    detail::display_and_tokenize(raw_bytes, max_contribution_chars, a.display, tokens);
    std::string_view const text = a.display.text;
    if(tokens.has_text_key)
        a.search_key = tokens.text_key();
    else
        a.search_key = search_key(text);
    bool foreign_letter = false;
    a.language = detail::guess_language(text, tokens, &foreign_letter);
    a.suggested_themes = themes.match(tokens);
    for(auto const& t : tokens.items)
        if(t.type == token::kind::hashtag)
            if(auto const key = tokens.key(t); std::find(a.hashtags.begin(), a.hashtags.end(), key) == a.hashtags.end())
                a.hashtags.emplace_back(key);

    if(a.display.decoded_cp1252)
        a.flags.push_back("cp1252");
    if(a.display.truncated)
        a.flags.push_back("truncated");
    for(auto& f : detail::text_flags(text, tokens, foreign_letter))
        a.flags.push_back(std::move(f));
    return a;
}

analysis analyze(std::string_view raw_bytes, std::vector<theme_lexicon> const& themes)
{
    return analyze(raw_bytes, theme_matcher(themes));
}

}  // namespace baro::text
