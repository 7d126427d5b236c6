#include "ingest/text_fields.hpp"

#include "text/analyze.hpp"
#include "text/themes.hpp"

namespace baro::ingest {

std::vector<text::theme_lexicon> lexicons(store::consultation_info const& c)
{
    std::vector<text::theme_lexicon> out;
    out.reserve(c.themes.size());
    for(auto const& t : c.themes)
        if(! t.retired)  // a retired theme is no longer suggested
            out.push_back({t.slug, t.keywords_fr, t.keywords_bm});
    return out;
}

void prepare_catalog(store::catalog& catalog)
{
    for(auto& c : catalog)
        c.matcher = std::make_shared<text::theme_matcher const>(lexicons(c));
}

std::string storable(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for(char const c : bytes)
        if(c != '\0')
            out.push_back(c);
    return out;
}

void fill_text_fields(store::contribution_row& row, store::consultation_info const& c, std::string_view raw)
{
    auto a = c.matcher ? text::analyze(raw, *c.matcher) : text::analyze(raw, lexicons(c));
    row.display_text = std::move(a.display.text);
    row.search_key = std::move(a.search_key);
    row.language = std::move(a.language.language);
    row.script = std::move(a.language.script);
    row.suggested_themes = std::move(a.suggested_themes);
    for(auto& f : a.flags)
        row.flags.push_back(std::move(f));
}

}  // namespace baro::ingest
