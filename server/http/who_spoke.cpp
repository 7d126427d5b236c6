#include "http/who_spoke.hpp"

#include "core/markup.hpp"
#include "publish/public_json.hpp"

namespace baro::http {

namespace {
std::string cells_table(messages const& m, std::string_view lang, std::string const& question,
                        std::vector<publish::public_cell> const& cells)
{
    std::string rows;
    for(auto const& c : cells)
    {
        std::string shown = c.shown == publish::cell_shown::count        ? std::to_string(c.count)
                            : c.shown == publish::cell_shown::fewer_than ? m.get(lang, "publish.fewer_than_10")
                                                                         : m.get(lang, "publish.withheld");
        rows += "<tr><th scope=\"row\">" + html_escape(m.get(lang, "demographic." + question + "." + c.key)) + "</th><td data-cell=\"" +
                c.key + "\">" + html_escape(shown) + "</td></tr>";
    }
    return "<table class=\"who-spoke\" data-question=\"" + question + "\"><caption>" +
           html_escape(m.get(lang, "form." + question + "_label")) + "</caption><tr><th scope=\"col\"></th><th scope=\"col\">" +
           html_escape(m.get(lang, "publish.people")) + "</th></tr>" + rows + "</table>";
}
}  // namespace

std::string who_spoke_html(messages const& m, std::string_view lang, store::consultation_info const& c,
                           store::published_summary const& s)
{
    bool const gender = c.demographics.gender || ! s.by_gender.empty();
    bool const age_band = c.demographics.age_band || ! s.by_age_band.empty();
    if(! gender && ! age_band)
        return {};
    std::string out = "<section class=\"who-spoke\" aria-labelledby=\"h-who-spoke\"><h2 id=\"h-who-spoke\">" +
                      html_escape(m.get(lang, "publish.who_spoke")) + "</h2><p>" + html_escape(m.get(lang, "publish.who_spoke_note")) +
                      "</p>";
    if(gender)
        out += cells_table(m, lang, "gender", publish::gender_cells(s));
    if(age_band)
        out += cells_table(m, lang, "age_band", publish::age_band_cells(s));
    return out + "</section>";
}

}  // namespace baro::http
