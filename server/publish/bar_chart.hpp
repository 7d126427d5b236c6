#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace baro::publish {

/// One bar: a key (kept in `data-key` for live updates), the label shown, the count.
struct bar
{
    std::string key, label;
    std::int64_t count = 0;
};

/// An inline SVG horizontal bar chart, one row per bar (label above its bar, count after it),
/// scaled to the largest count and to the width of its container. Labels are escaped. Pure.
std::string bar_chart_svg(std::vector<bar> const& bars, std::string const& title);

}  // namespace baro::publish
