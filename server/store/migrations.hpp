#pragma once
#include "core/result.hpp"

#include <string>
#include <vector>

namespace baro::store {

/// What `migrate` did.
struct migrate_report
{
    std::vector<std::string> applied;  ///< migrations applied now, in order
    std::size_t already = 0;           ///< migrations that were already recorded
};

/// Applies every embedded migration not yet recorded in schema_migrations, each in its own
/// transaction, in name order, under an advisory lock so that two nodes never race.
/// A migration whose recorded checksum differs from the embedded file is an error.
result<migrate_report> migrate(std::string const& url);

}  // namespace baro::store
