#pragma once
#include "core/result.hpp"

#include <map>
#include <string>
#include <vector>

namespace baro::app {

/// A parsed command line: `baro [--config FILE] COMMAND [SUBCOMMAND] [--name value …]`.
struct command_line
{
    std::string config_file;
    std::vector<std::string> words;              ///< command and subcommand, e.g. {"user", "add"}
    std::map<std::string, std::string> options;  ///< --name value (flags without value map to "")
    bool help = false;
};

/// Parses argv (without argv[0]). Pure.
result<command_line> parse_command_line(std::vector<std::string> const& args);

/// The help text for `words` (general help when empty or unknown).
std::string help_text(std::vector<std::string> const& words);

/// Runs the baro command line; returns the process exit code (2 for bad usage or configuration).
int run_cli(int argc, char** argv);

}  // namespace baro::app
