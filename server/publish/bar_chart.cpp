#include "publish/bar_chart.hpp"

#include "core/markup.hpp"
#include "publish/charts.hpp"

#include <algorithm>

namespace baro::publish {

namespace {
constexpr int chart_width = 320;
constexpr int line_height = 14;
constexpr int bar_block = 20;  // bar and its gap below the label lines
constexpr int bar_max_width = 270;
}  // namespace

std::string bar_chart_svg(std::vector<bar> const& bars)
{
    std::int64_t max = 1;
    for(auto const& b : bars)
        max = std::max(max, b.count);
    std::string rows;
    int y = 0;
    for(auto const& b : bars)
    {
        auto const lines = wrap_label(b.label, bar_label_chars);
        int const w = static_cast<int>(b.count * bar_max_width / max);
        rows += "<g data-key=\"" + html_escape(b.key) + "\"><text y=\"" + std::to_string(y + 12) + "\" font-size=\"12\">";
        for(std::size_t i = 0; i < lines.size(); ++i)
            rows += "<tspan x=\"0\"" + std::string(i ? " dy=\"" + std::to_string(line_height) + "\"" : "") + ">" +
                    html_escape(lines[i]) + "</tspan>";
        int const bar_y = y + static_cast<int>(lines.size()) * line_height + 2;
        rows += "</text><rect x=\"0\" y=\"" + std::to_string(bar_y) + "\" height=\"12\" width=\"" + std::to_string(w) +
                "\" fill=\"#1f6f43\"/><text class=\"n\" x=\"" + std::to_string(w + 4) + "\" y=\"" + std::to_string(bar_y + 11) +
                "\" font-size=\"11\">" + std::to_string(b.count) + "</text></g>";
        y = bar_y + bar_block;
    }
    int const height = std::max(1, y);
    return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(chart_width) + " " +
           std::to_string(height) + "\" aria-hidden=\"true\" focusable=\"false\" data-max=\"" + std::to_string(max) + "\">" +
           rows + "</svg>";
}

std::string bar_table(std::vector<bar> const& bars, std::string const& caption, std::string const& count_header)
{
    std::vector<table_row> rows;
    for(auto const& b : bars)
        rows.push_back({b.label, {std::to_string(b.count)}});
    return data_table(caption, {"", count_header}, rows);
}

}  // namespace baro::publish
