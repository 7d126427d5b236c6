#include "text/lexicon_preview.hpp"

#include "text/themes.hpp"
#include "text/tokens.hpp"

namespace baro::text {

std::vector<keyword_hits> preview_keywords(std::vector<std::string> const& display_texts, std::vector<std::string> const& fr,
                                           std::vector<std::string> const& bm)
{
    std::vector<keyword_hits> out;
    std::vector<theme_lexicon> lexicons;
    // One "theme" per keyword, named by its index: one compiled matcher answers for all of them.
    for(auto const& k : fr)
    {
        lexicons.push_back({std::to_string(out.size()), {k}, {}});
        out.push_back({k, "fr", {}});
    }
    for(auto const& k : bm)
    {
        lexicons.push_back({std::to_string(out.size()), {}, {k}});
        out.push_back({k, "bm", {}});
    }
    if(out.empty())
        return out;
    theme_matcher const matcher(lexicons);
    for(std::size_t i = 0; i < display_texts.size(); ++i)
        for(auto const& slug : matcher.match(tokenize(display_texts[i])))
            out[std::stoul(slug)].texts.push_back(i);
    return out;
}

}  // namespace baro::text
