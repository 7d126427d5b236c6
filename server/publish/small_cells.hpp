#pragma once
// Small-cell suppression of the demographic aggregates (issue 14): what a public output may show of
// the number of people per answer. Pure.
#include "store/publish_read.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::publish {

/// A cell with fewer people than this is never shown.
constexpr std::int64_t min_cell_people = 10;

/// What a public output shows of one cell.
enum class cell_shown
{
    count,        ///< the number itself (min_cell_people or more)
    fewer_than,   ///< "fewer than 10": the cell is under min_cell_people (0 included)
    withheld,     ///< hidden although 10 or more, so that a suppressed cell cannot be subtracted back
};

/// One answer's cell, ready to show: `count` is 0 unless `shown` is cell_shown::count.
struct public_cell
{
    std::string key;
    std::int64_t count = 0;
    cell_shown shown = cell_shown::count;
};

/// The cells of one question, one per answer of `answers` in that order (an answer nobody gave is a
/// cell of 0). Every cell under min_cell_people is suppressed. Complementary suppression: a reader is
/// assumed to know the question's total (the published total can equal it, e.g. when every
/// contribution came through the form), so when exactly one cell is suppressed the smallest shown
/// cell is withheld too; with two or more suppressed cells none of them can be computed alone.
std::vector<public_cell> suppress_small_cells(std::vector<store::count_row> const& counts,
                                              std::vector<std::string_view> const& answers);

}  // namespace baro::publish
