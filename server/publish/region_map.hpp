#pragma once
#include "publish/charts.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::publish {

/// Contributions from one region (a baro region slug, see ingest/regions.hpp).
struct region_count
{
    std::string slug;
    std::int64_t count = 0;
};

/// The outline a region is drawn on: Natural Earth draws Mali's regions of 1991, so a region of
/// 2023 is drawn on the one it came from (Kita → Kayes, Ménaka → Gao…). "" for the diaspora and
/// unknown slugs. Pure.
std::string_view map_shape_of(std::string_view region_slug);

/// The words the map writes: the diaspora mark's label, Bamako's marker label, and the legend's
/// "none" class.
struct map_labels
{
    std::string diaspora, bamako, none;
};

/// An inline SVG choropleth of Mali: each outline shaded by the contributions of the regions drawn
/// on it (shade_class of the largest), Bamako district as a marker (too small to see at this
/// scale), the diaspora as its own circle, and a legend of the classes. Hidden from screen
/// readers: the figure around it has the table. Pure.
std::string region_map_svg(std::vector<region_count> const& counts, map_labels const& labels);

}  // namespace baro::publish
