#pragma once
// The console's curation beyond a status decision (issue 11): undoing the last decision on a
// contribution, and assigning messages of the unrouted inbox to a consultation.
#include "core/result.hpp"
#include "store/sessions.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

class database;

/// An undo of the last decision on one contribution, asked by `who`.
struct undo_request
{
    moderator_info who;
    std::int64_t id = 0;
    std::optional<std::int64_t> seen_version = {};  ///< the version the moderator read, when sent
};

/// Puts the contribution back as it was before its last decision (status with its reason or
/// original, publication time, themes and their confirmation, consultation), within undo_window,
/// when `who` took that decision and nothing changed the row since. The undo is an audit entry of its
/// own ("undo"): the log is never rewritten. errc::conflict with `field` "undo" (nothing to undo, not
/// yours, too late), "version" (changed since) or "claim"; errc::not_found.
/// Result: {"id", "status", "undone": the action undone, "version"}.
void undo(database& db, undo_request req, std::function<void(result<nlohmann::json>)> done);

/// Suggested themes of a stored text in the target consultation (its lexicons), run on a store thread.
using suggest_fn = std::function<std::vector<std::string>(std::string const& raw)>;

/// Messages of the unrouted inbox given to a consultation by `who`.
struct assign_request
{
    moderator_info who;
    std::vector<std::int64_t> ids;
    std::int64_t consultation_id = 0;
    std::string consultation_slug;                  ///< for the audit entry
    suggest_fn suggest;                             ///< the target consultation's lexicons
    std::optional<std::int64_t> seen_version = {};  ///< single assignment: the version read
};

/// Moves each contribution still in the unrouted inbox to the consultation, its themes suggested
/// again with that consultation's lexicons (any earlier choice of themes dropped), one audit entry
/// ("assign") each and one "bulk_assign" for a bulk. One already in a consultation, or claimed by
/// another moderator, is refused. Result: {"changed": [{"id", "status"}], "refused": [{"id", "reason"}]};
/// for a single id a refusal is the error itself (errc::conflict / not_found).
void assign(database& db, assign_request req, std::function<void(result<nlohmann::json>)> done);

}  // namespace baro::store
