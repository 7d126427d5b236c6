#include "publish/share_card.hpp"

#include "core/markup.hpp"
#include "publish/charts.hpp"

#include <algorithm>

namespace baro::publish {

namespace {
std::string num(std::int64_t n) { return std::to_string(n); }
constexpr std::size_t title_chars = 38;
constexpr std::size_t theme_chars = 40;
constexpr std::size_t title_lines = 2;
}  // namespace

std::string share_card_svg(share_figures const& f)
{
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(share_width) + "\" height=\"" + num(share_height) +
                      "\" viewBox=\"0 0 " + num(share_width) + " " + num(share_height) +
                      "\" font-family=\"DejaVu Sans, Noto Sans, sans-serif\"><rect width=\"100%\" height=\"100%\" fill=\"#f7f7f2\"/>"
                      "<rect width=\"100%\" height=\"14\" fill=\"#1f6f43\"/>";
    auto lines = wrap_label(f.title, title_chars);
    if(lines.size() > title_lines)
    {
        lines.resize(title_lines);
        lines.back() += "…";
    }
    int y = 100;
    for(auto const& l : lines)
    {
        out += "<text x=\"60\" y=\"" + num(y) + "\" font-size=\"52\" font-weight=\"bold\" fill=\"#14532d\">" + html_escape(l) + "</text>";
        y += 62;
    }
    y += 60;
    out += "<text x=\"60\" y=\"" + num(y) + "\" font-size=\"110\" font-weight=\"bold\" fill=\"#1b1b1b\">" + num(f.total) +
           "</text><text x=\"60\" y=\"" + num(y + 46) + "\" font-size=\"36\" fill=\"#333333\">" + html_escape(f.total_label) + "</text>";
    std::int64_t max = 1;
    for(auto const& [label, n] : f.top_themes)
        max = std::max(max, n);
    int ty = 250;
    for(auto const& [label, n] : f.top_themes)
    {
        auto l = wrap_label(label, theme_chars);
        auto text = l.front() + (l.size() > 1 ? "…" : "");
        int const w = static_cast<int>(n * 480 / max);
        out += "<text x=\"640\" y=\"" + num(ty) + "\" font-size=\"28\" fill=\"#1b1b1b\">" + html_escape(text) + "</text><rect x=\"640\" y=\"" +
               num(ty + 14) + "\" width=\"" + num(std::max(w, 4)) + "\" height=\"28\" fill=\"#1f6f43\"/><text x=\"" +
               num(640 + std::max(w, 4) + 10) + "\" y=\"" + num(ty + 38) + "\" font-size=\"26\" fill=\"#333333\">" + num(n) + "</text>";
        ty += 100;
    }
    out += "<text x=\"60\" y=\"" + num(share_height - 40) + "\" font-size=\"28\" fill=\"#555555\">" + html_escape(f.footer) + "</text>";
    return out + "</svg>";
}

}  // namespace baro::publish
