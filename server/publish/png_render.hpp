#pragma once
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace baro::publish {

/// `svg` drawn at `width`×`height` pixels with librsvg and cairo, as PNG bytes. Blocking and
/// CPU-bound (tens of milliseconds): call it off the Asio threads.
result<std::string> svg_to_png(std::string_view svg, int width, int height);

}  // namespace baro::publish
