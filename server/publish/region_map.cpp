#include "publish/region_map.hpp"

#include "core/markup.hpp"
#include "publish/mali_map_shapes.hpp"

#include <algorithm>
#include <map>

namespace baro::publish {

namespace {
struct origin
{
    std::string_view region, shape;
};
// Mali's regions of 2023 and the region of 1991 each was carved from.
constexpr origin origins[] = {
    {"bamako", "bamako"},         {"kayes", "kayes"},       {"nioro", "kayes"},         {"kita", "kayes"},
    {"koulikoro", "koulikoro"},   {"dioila", "koulikoro"},  {"nara", "koulikoro"},      {"sikasso", "sikasso"},
    {"bougouni", "sikasso"},      {"koutiala", "sikasso"},  {"segou", "segou"},         {"san", "segou"},
    {"mopti", "mopti"},           {"douentza", "mopti"},    {"bandiagara", "mopti"},    {"tombouctou", "tombouctou"},
    {"taoudenit", "tombouctou"},  {"gao", "gao"},           {"menaka", "gao"},          {"kidal", "kidal"},
};

constexpr int legend_height = 30;

std::string num(int n) { return std::to_string(n); }
}  // namespace

std::string_view map_shape_of(std::string_view region_slug)
{
    for(auto const& o : origins)
        if(o.region == region_slug)
            return o.shape;
    return {};
}

std::string region_map_svg(std::vector<region_count> const& counts, map_labels const& labels)
{
    std::map<std::string_view, std::int64_t> by_shape;
    std::int64_t diaspora = 0;
    for(auto const& c : counts)
    {
        if(c.slug == "diaspora")
            diaspora += c.count;
        else if(auto shape = map_shape_of(c.slug); ! shape.empty())
            by_shape[shape] += c.count;
    }
    std::int64_t max = diaspora;
    for(auto const& [shape, n] : by_shape)
        max = std::max(max, n);
    auto const fill = [&](std::int64_t n) { return std::string(shade_colour(shade_class(n, max))); };

    std::string out = "<svg class=\"chart map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(mali_map_width) + " " +
                      num(mali_map_height + legend_height) + "\" aria-hidden=\"true\" focusable=\"false\" data-max=\"" +
                      std::to_string(max) + "\"><g stroke=\"#ffffff\" stroke-width=\"1\">";
    map_shape const* bamako = nullptr;
    for(auto const& s : mali_shapes)
    {
        auto const n = by_shape[s.key];
        if(s.key == "bamako")
        {
            bamako = &s;
            continue;
        }
        out += "<path data-region=\"" + std::string(s.key) + "\" data-n=\"" + std::to_string(n) + "\" fill=\"" + fill(n) +
               "\" d=\"" + std::string(s.d) + "\"/>";
    }
    out += "</g>";
    if(bamako)  // a marker: the district is two map units wide
    {
        auto const n = by_shape["bamako"];
        out += "<circle data-region=\"bamako\" data-n=\"" + std::to_string(n) + "\" cx=\"" + num(bamako->cx) + "\" cy=\"" +
               num(bamako->cy) + "\" r=\"6\" fill=\"" + fill(n) + "\" stroke=\"#222222\" stroke-width=\"1.5\"/><text x=\"" +
               num(bamako->cx - 8) + "\" y=\"" + num(bamako->cy + 4) + "\" font-size=\"11\" text-anchor=\"end\">" +
               html_escape(labels.bamako) + "</text>";
    }
    // The diaspora lives nowhere on the map: its own circle, in the empty north-west corner.
    out += "<circle data-region=\"diaspora\" data-n=\"" + std::to_string(diaspora) + "\" cx=\"16\" cy=\"16\" r=\"12\" fill=\"" +
           fill(diaspora) + "\" stroke=\"#222222\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/><text x=\"34\" y=\"20\" font-size=\"11\">" +
           html_escape(labels.diaspora) + "</text>";
    // Legend: the none class, then each class with the lower bound of its counts.
    // Below five contributions some classes hold no count at all: they are left out.
    int const y = mali_map_height + 8;
    std::int64_t previous = 0;
    for(int k = 0, x = 0; k <= shade_classes && (k == 0 || max > 0); ++k)
    {
        auto const from = (k - 1) * max / shade_classes + 1;
        if(k > 0 && from <= previous)
            continue;
        previous = k == 0 ? 0 : from;
        std::string const text = k == 0 ? labels.none : "≥ " + std::to_string(from);
        out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"12\" height=\"12\" fill=\"" +
               std::string(shade_colour(k)) + "\"/><text x=\"" + num(x + 15) + "\" y=\"" + num(y + 10) + "\" font-size=\"10\">" +
               html_escape(text) + "</text>";
        x += 50;
    }
    return out + "</svg>";
}

}  // namespace baro::publish
