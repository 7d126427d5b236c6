#pragma once
#include "core/result.hpp"
#include "moderation/rules/workflow.hpp"
#include "store/sessions.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace baro::store {

class database;

/// The most contributions one bulk action may change.
constexpr int max_bulk = 5000;

/// A decision on one or many contributions, taken by `who`.
struct decision_request
{
    moderator_info who;
    std::vector<std::int64_t> ids;
    moderation::decision d;
    /// With a single publish: the group's other members still `new` become duplicates of it (a
    /// campaign is published once, and the public sees how many citizens sent it).
    bool whole_group = false;
};

/// Applies the workflow to each contribution in one transaction, with one audit entry each (and one
/// for the bulk action), and a publish event for each publish/unpublish. A contribution claimed by
/// another moderator, or in a status the action does not apply to, is refused and left as it is.
/// Result: {"changed": [{"id", "status"}], "refused": [{"id", "reason"}]}. For a single id, a refusal
/// is the error itself (errc::conflict / unprocessable / not_found).
void decide(database& db, decision_request req, std::function<void(result<nlohmann::json>)> done);

/// Edits beside the status, each audited: confirmed themes, tags added/removed (bulk), the text
/// prepared for publication (the original stays), featuring a quote.
struct edit_request
{
    moderator_info who;
    std::vector<std::int64_t> ids;
    std::optional<std::vector<std::string>> themes;
    std::vector<std::string> add_tags, remove_tags;
    std::optional<std::string> edited_text;   ///< "" clears the edit
    std::optional<bool> featured;
};
void edit(database& db, edit_request req, std::function<void(result<nlohmann::json>)> done);

/// Blocks the sender of a contribution (their future messages go to spam) or erases everything they
/// sent; neither reveals the pseudonym to the caller. Result: {"affected": n}.
void block_sender(database& db, moderator_info who, std::int64_t contribution_id, std::function<void(result<nlohmann::json>)> done);
void erase_sender_of(database& db, moderator_info who, std::int64_t contribution_id,
                     std::function<void(result<nlohmann::json>)> done);

/// The latest audit entries, newest first (for the console).
void recent_audit(database& db, int limit, std::function<void(result<nlohmann::json>)> done);

/// Public transparency of one consultation: decisions counted by outcome and reason, and the
/// audit chain's head. {"outcomes": {...}, "reasons": {...}, "head": "…", "entries": n}.
void transparency(database& db, std::int64_t consultation_id, std::function<void(result<nlohmann::json>)> done);

}  // namespace baro::store
