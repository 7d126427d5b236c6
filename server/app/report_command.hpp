#pragma once
#include "app/cli.hpp"
#include "app/config.hpp"

namespace baro::app {

/// `baro report SLUG --output FILE.html [--lang fr|bm|en]`: the printable report, the same
/// self-contained page /c/{slug}/rapport serves, written to a file (for e-mail).
int cmd_report(config const& cfg, command_line const& cl);

}  // namespace baro::app
