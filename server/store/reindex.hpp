#pragma once
#include "core/result.hpp"
#include "store/contribution_writer.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace baro::store {

/// The text columns of one stored contribution, recomputed from its raw bytes by the caller.
using recompute_fn =
    std::function<void(std::optional<std::int64_t> consultation_id, std::string const& raw, contribution_row& out)>;
/// Progress: rows done so far, rows in all.
using progress_fn = std::function<void(std::int64_t done, std::int64_t total)>;

/// Recomputes display text, search key, language, script, suggested themes and text flags of every
/// stored contribution (or those of one consultation), in batches of `batch` rows, each batch one
/// transaction. Other flags (set by moderation) are kept. Returns the number of rows updated.
result<std::int64_t> reindex(std::string const& url, std::optional<std::int64_t> consultation_id, recompute_fn const& recompute,
                             progress_fn const& progress, int batch = 1000);

}  // namespace baro::store
