#pragma once
// Pieces every server-rendered chart shares: label wrapping, the colour scale, the day bins of the
// trend, and the figure that pairs a drawing with its data as a table. Pure.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::publish {

/// `text` cut into lines of at most `max_chars` characters (code points), at spaces when it can,
/// inside a word only when the word alone is longer than a line. Never returns an empty vector.
std::vector<std::string> wrap_label(std::string_view text, std::size_t max_chars);

/// The shade class of `n` on a scale whose top is `max`: 0 for nothing, else 1 (least) … shade_classes.
constexpr int shade_classes = 5;
int shade_class(std::int64_t n, std::int64_t max);
/// The fill of a shade class (0: the neutral grey of "no contribution").
std::string_view shade_colour(int shade);

/// One bar of the trend: the days [first, last] (YYYY-MM-DD) and what was received and published then.
struct day_bin
{
    std::string first, last;
    std::int64_t received = 0, published = 0;
};

/// One count per day, keyed YYYY-MM-DD (the summary's by_day rows).
struct day_count
{
    std::string day;
    std::int64_t count = 0;
};

/// The trend's bins: every day from the first to the last day seen in either series (days without
/// anything are zero, not skipped), grouped into at most `max_bins` bins of equal width in days.
/// Malformed day keys are ignored.
std::vector<day_bin> day_bins(std::vector<day_count> const& received, std::vector<day_count> const& published,
                              std::size_t max_bins);

/// One row of a chart's data table: a label and its numbers, already formatted.
struct table_row
{
    std::string label;
    std::vector<std::string> cells;
};

/// A chart's data as an HTML table (caption, column headers, rows), escaped.
std::string data_table(std::string_view caption, std::vector<std::string> const& headers, std::vector<table_row> const& rows);

/// A chart as a figure: its caption, the drawing (hidden from screen readers, which read the table
/// instead), the "nothing yet" line when `empty`, and the table in a details element.
/// `name` goes in data-chart (live updates and tests find the chart by it).
struct figure_parts
{
    std::string name, caption, svg, table, empty_line, table_summary;
    bool empty = false;
};
std::string chart_figure(figure_parts const& f);

}  // namespace baro::publish
