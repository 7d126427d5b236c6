#include "publish/time_chart.hpp"

#include "core/markup.hpp"

#include <algorithm>
#include <cstdio>

namespace baro::publish {

namespace {
constexpr int chart_width = 320;
constexpr int plot_left = 30;
constexpr int plot_top = 22;
constexpr int plot_height = 110;
constexpr int chart_height = plot_top + plot_height + 18;
constexpr char received_fill[] = "#a1d99b";
constexpr char published_fill[] = "#1f6f43";

std::string num(std::int64_t n) { return std::to_string(n); }
}  // namespace

std::string time_chart_svg(std::vector<day_bin> const& bins, time_labels const& labels)
{
    std::int64_t max = 1;
    for(auto const& b : bins)
        max = std::max({max, b.received, b.published});
    std::string out = "<svg class=\"chart time\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(chart_width) + " " +
                      num(chart_height) + "\" aria-hidden=\"true\" focusable=\"false\" data-max=\"" + num(max) + "\">";
    // Legend, then the axis with the largest count.
    out += "<rect x=\"0\" y=\"2\" width=\"10\" height=\"10\" fill=\"" + std::string(received_fill) +
           "\"/><text x=\"14\" y=\"11\" font-size=\"11\">" + html_escape(labels.received) + "</text><rect x=\"160\" y=\"2\" " +
           "width=\"10\" height=\"10\" fill=\"" + std::string(published_fill) + "\"/><text x=\"174\" y=\"11\" font-size=\"11\">" +
           html_escape(labels.published) + "</text>";
    int const base = plot_top + plot_height;
    out += "<line x1=\"" + num(plot_left) + "\" y1=\"" + num(base) + "\" x2=\"" + num(chart_width) + "\" y2=\"" + num(base) +
           "\" stroke=\"#555555\"/><text x=\"" + num(plot_left - 3) + "\" y=\"" + num(plot_top + 8) +
           "\" font-size=\"10\" text-anchor=\"end\">" + num(max) + "</text><text x=\"" + num(plot_left - 3) + "\" y=\"" +
           num(base) + "\" font-size=\"10\" text-anchor=\"end\">0</text>";
    if(bins.empty())
        return out + "</svg>";
    double const slot = static_cast<double>(chart_width - plot_left) / static_cast<double>(bins.size());
    auto const column = [&](double x, double w, std::int64_t n, char const* fill) {
        auto const h = static_cast<int>(n * plot_height / max);
        char buf[160];
        std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, base - h, w, h,
                      fill);
        return std::string(buf);
    };
    for(std::size_t i = 0; i < bins.size(); ++i)
    {
        double const x = plot_left + static_cast<double>(i) * slot;
        double const w = std::max(0.5, slot * 0.8);
        out += "<g data-day=\"" + html_escape(bins[i].first) + "\">" + column(x, w, bins[i].received, received_fill) +
               column(x + w * 0.2, w * 0.6, bins[i].published, published_fill) + "</g>";
    }
    out += "<text x=\"" + num(plot_left) + "\" y=\"" + num(chart_height - 3) + "\" font-size=\"10\">" +
           html_escape(bins.front().first) + "</text><text x=\"" + num(chart_width) + "\" y=\"" + num(chart_height - 3) +
           "\" font-size=\"10\" text-anchor=\"end\">" + html_escape(bins.back().last) + "</text>";
    return out + "</svg>";
}

}  // namespace baro::publish
