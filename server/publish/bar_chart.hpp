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

/// Characters per label line before it wraps (at 12 px in the 320-unit wide chart).
constexpr std::size_t bar_label_chars = 46;

/// An inline SVG horizontal bar chart, one row per bar (label above its bar, wrapped onto as many
/// lines as it needs, count after the bar), scaled to the largest count and to the width of its
/// container. Hidden from screen readers: the figure around it carries the same data as a table
/// (bar_table). Labels are escaped. Pure.
std::string bar_chart_svg(std::vector<bar> const& bars);

/// The bars as a data table (label, count), for the figure around bar_chart_svg. Pure.
std::string bar_table(std::vector<bar> const& bars, std::string const& caption, std::string const& count_header);

}  // namespace baro::publish
