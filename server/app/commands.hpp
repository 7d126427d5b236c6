#pragma once
#include "app/cli.hpp"
#include "app/config.hpp"

namespace baro::app {

/// Loads the configuration (exit 2 with a message when invalid) and runs the command.
int run_command(command_line const& cl);

/// `baro user add`: creates an account, or with --reset re-issues its one-time password; prints the
/// e-mail and role as stored and the password; returns the exit code (3 when the e-mail is taken or
/// a --role given with --reset is not the stored one).
int cmd_user_add(config const& cfg, command_line const& cl);

}  // namespace baro::app
