#pragma once
// Store-internal: what every decision on a contribution does to its row before and after changing
// it — lock it, check it is what the moderator read, remember how to undo it. Shared by
// decisions.cpp and curation.cpp; included only by server/store/*.cpp (it names pqxx types).
#include "core/result.hpp"
#include "store/sessions.hpp"

#include <pqxx/pqxx>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baro::store::detail {

/// "contribution:<id>", an audit entry's subject.
std::string subject(std::int64_t id);

/// A list of strings as the JSON array text the SQL reads.
std::string text_array(std::vector<std::string> const& v);

/// A contribution locked for update, and whether another moderator's claim on it is live.
struct locked
{
    bool found = false;
    std::string status;
    std::int64_t consultation_id = 0;  ///< 0 in the unrouted inbox
    std::string claimed_by_other;      ///< e-mail, or empty
    std::int64_t version = 0;
    bool claimed_by_me = false;  ///< the caller's own claim is live
};

/// Locks contribution `id` (select … for update) as seen by moderator `me`.
locked lock_row(pqxx::work& tx, std::int64_t id, std::int64_t me);

/// Whether a single action may go ahead on what its moderator read: the version it names, or,
/// naming none, a row under the caller's own claim. errc::conflict with `field` "version" or "claim".
std::optional<error> read_problem(std::optional<std::int64_t> seen_version, locked const& row, std::string const& doing);

/// The columns a decision, a theme confirmation or an assignment may change, as they are now.
std::string undo_snapshot(pqxx::work& tx, std::int64_t id);

/// Remembers `before` (an undo_snapshot taken before the change) as the way back from `action`,
/// just applied to `id` by `who`; replaces what an earlier decision left, prunes what is past the window.
void remember_undo(pqxx::work& tx, std::int64_t id, moderator_info const& who, std::string const& action,
                   std::string const& before);

}  // namespace baro::store::detail
