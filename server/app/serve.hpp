#pragma once
#include "app/config.hpp"

namespace baro::app {

/// Runs the HTTP server until SIGINT or SIGTERM, then drains and exits 0.
int serve(config const& cfg);

}  // namespace baro::app
