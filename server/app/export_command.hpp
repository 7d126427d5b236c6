#pragma once
#include "app/cli.hpp"
#include "app/config.hpp"

namespace baro::app {

/// `baro export SLUG --format csv|jsonl [--output FILE] [--lang L]`: the open data file, streamed.
int cmd_export(config const& cfg, command_line const& cl);

}  // namespace baro::app
