#pragma once
#include "publish/charts.hpp"

#include <string>
#include <vector>

namespace baro::publish {

/// Bins the trend shows at most: a consultation of a year is drawn in bins of a week.
constexpr std::size_t time_chart_max_bins = 60;

/// The legend of the trend: what the two series are.
struct time_labels
{
    std::string received, published;
};

/// An inline SVG column chart of contributions over time: per bin, a pale column of what was
/// received and a dark one of what was published, the largest count on the axis, the first and
/// last day below. Hidden from screen readers: the figure around it has the table. Pure.
std::string time_chart_svg(std::vector<day_bin> const& bins, time_labels const& labels);

}  // namespace baro::publish
