#pragma once
#include "app/cli.hpp"

namespace baro::app {

/// Loads the configuration (exit 2 with a message when invalid) and runs the command.
int run_command(command_line const& cl);

}  // namespace baro::app
