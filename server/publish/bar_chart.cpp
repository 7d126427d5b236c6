#include "publish/bar_chart.hpp"

#include "core/markup.hpp"

#include <algorithm>

namespace baro::publish {

namespace {
constexpr int chart_width = 320;
constexpr int row_height = 34;
constexpr int bar_max_width = 270;

}  // namespace

std::string bar_chart_svg(std::vector<bar> const& bars, std::string const& title)
{
    std::int64_t max = 1;
    for(auto const& b : bars)
        max = std::max(max, b.count);
    int const height = std::max<int>(1, static_cast<int>(bars.size()) * row_height);
    std::string out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(chart_width) +
                      " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" + html_escape(title) + "\" data-max=\"" +
                      std::to_string(max) + "\">";
    for(std::size_t i = 0; i < bars.size(); ++i)
    {
        auto const& b = bars[i];
        int const y = static_cast<int>(i) * row_height;
        int const w = static_cast<int>(b.count * bar_max_width / max);
        out += "<g data-key=\"" + html_escape(b.key) + "\"><text x=\"0\" y=\"" + std::to_string(y + 12) + "\" font-size=\"12\">" +
               html_escape(b.label) + "</text><rect x=\"0\" y=\"" + std::to_string(y + 16) + "\" height=\"12\" width=\"" +
               std::to_string(w) + "\" fill=\"#1f6f43\"/><text class=\"n\" x=\"" + std::to_string(w + 4) + "\" y=\"" +
               std::to_string(y + 27) + "\" font-size=\"11\">" + std::to_string(b.count) + "</text></g>";
    }
    return out + "</svg>";
}

}  // namespace baro::publish
