#include "publish/small_cells.hpp"

#include <algorithm>

namespace baro::publish {

std::vector<public_cell> suppress_small_cells(std::vector<store::count_row> const& counts,
                                              std::vector<std::string_view> const& answers)
{
    std::vector<public_cell> cells;
    std::vector<std::int64_t> raw;
    for(auto a : answers)
    {
        std::int64_t n = 0;
        for(auto const& r : counts)
            if(r.key == a)
                n += r.count;
        raw.push_back(n);
        cells.push_back({std::string(a), n, n < min_cell_people ? cell_shown::fewer_than : cell_shown::count});
    }
    auto const suppressed = std::count_if(cells.begin(), cells.end(), [](auto const& c) { return c.shown != cell_shown::count; });
    if(suppressed == 1)
    {
        // The smallest shown cell; ties go to the first, so the choice is the same at every render.
        auto smallest = cells.end();
        for(auto it = cells.begin(); it != cells.end(); ++it)
            if(it->shown == cell_shown::count && (smallest == cells.end() || it->count < smallest->count))
                smallest = it;
        if(smallest != cells.end())
            smallest->shown = cell_shown::withheld;
    }
    for(auto& c : cells)
        if(c.shown != cell_shown::count)
            c.count = 0;
    return cells;
}

}  // namespace baro::publish
