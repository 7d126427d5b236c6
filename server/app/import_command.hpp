#pragma once
#include "app/cli.hpp"
#include "app/config.hpp"

namespace baro::app {

/// `baro import SLUG FILE --format x-archive|facebook-comments|csv|jsonl [--dry-run] [--stats]`: a
/// social media archive's public posts, streamed into the consultation (docs/channels.md). Exit 0
/// when every record was imported or already present, 3 when some were skipped (each reported on
/// stderr), 1 when the file or the database failed, 2 for bad usage or configuration.
int cmd_import(config const& cfg, command_line const& cl);

}  // namespace baro::app
