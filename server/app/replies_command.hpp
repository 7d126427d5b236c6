#pragma once
#include "app/cli.hpp"
#include "app/config.hpp"

namespace baro::app {

/// `baro replies set SLUG CHANNEL [--acknowledgements on|off] [--budget N] [--text-fr T] [--text-bm T]
/// [--text-en T]` and `baro replies show SLUG CHANNEL`: a consultation × channel's reply settings
/// (options not given keep their value). Exit 2 on a bad option, 3 for an unknown consultation.
int cmd_replies(config const& cfg, command_line const& cl);

}  // namespace baro::app
