#pragma once
#include "core/result.hpp"
#include "moderation/rules/workflow.hpp"
#include "store/sessions.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

class database;

/// The most contributions one bulk action may change.
constexpr int max_bulk = 5000;

/// How long the last decision on a contribution (a status decision, a theme confirmation, an
/// assignment to a consultation) can be undone by the moderator who took it (store/curation.hpp).
constexpr auto undo_window = std::chrono::minutes(10);

/// What a decision must show of its caller's reading. A single decision from the console names the
/// version the moderator read, or is taken under the caller's own live claim (it opened the item);
/// a bulk decision names its ids and the statuses the workflow accepts.
enum class read_check
{
    none,              ///< bulk: the ids the moderator selected
    version_or_claim,  ///< single: `seen_version` equals the row's version, or, without one, the caller's claim is live
};

/// A decision on one or many contributions, taken by `who`.
struct decision_request
{
    moderator_info who;
    std::vector<std::int64_t> ids;
    moderation::decision d;
    /// With a single publish: the group's other members still `new` become duplicates of it (a
    /// campaign is published once, and the public sees how many citizens sent it).
    bool whole_group = false;
    read_check check = read_check::none;
    /// The contribution's `version` as the moderator read it (list or open); none when not sent.
    std::optional<std::int64_t> seen_version = {};
};

/// 409's `field` for a decision on a row that changed since the version it names.
constexpr char const* stale_version_field = "version";
/// 409's `field` for a decision that names no version and is not under the caller's live claim.
constexpr char const* no_claim_field = "claim";

/// Applies the workflow to each contribution in one transaction, with one audit entry each (and one
/// for the bulk action), and a publish event for each publish/unpublish. A contribution claimed by
/// another moderator, or in a status the action does not apply to, is refused and left as it is; with
/// read_check::version_or_claim so is one changed since `seen_version`, or, without one, not under the
/// caller's own live claim (errc::conflict, `field` stale_version_field or no_claim_field).
/// Result: {"changed": [{"id", "status"}], "refused": [{"id", "reason"}]}. For a single id, a refusal
/// is the error itself (errc::conflict / unprocessable / not_found).
void decide(database& db, decision_request req, std::function<void(result<nlohmann::json>)> done);

/// Edits beside the status, each audited: confirmed themes (setting `themes`, even to none, confirms
/// them: public counts then use them instead of the suggested ones; undoable), tags added/removed, the text
/// prepared for publication (the original stays), featuring a quote. An edit of a published row's
/// public fields (text, themes, featured) sends the same event as a publish, so every node's caches
/// and open streams show them at once.
struct edit_request
{
    moderator_info who;
    std::vector<std::int64_t> ids;
    std::optional<std::vector<std::string>> themes;
    std::vector<std::string> add_tags, remove_tags;
    std::optional<std::string> edited_text;  ///< "" clears the edit
    std::optional<bool> featured;
    /// A single edit from the console: the version the moderator read (409 "version" when stale).
    std::optional<std::int64_t> seen_version = {};
};
/// Themes must belong to the contribution's consultation (422 "themes"). Result: {"changed": [id…],
/// "refused": [{"id", "reason"}]}; for a single id a refusal is the error itself.
void edit(database& db, edit_request req, std::function<void(result<nlohmann::json>)> done);

/// Blocks the sender of a contribution (their future messages go to spam) or erases everything they
/// sent; neither reveals the pseudonym to the caller. Result: {"affected": n}.
void block_sender(database& db, moderator_info who, std::int64_t contribution_id,
                  std::function<void(result<nlohmann::json>)> done);
void erase_sender_of(database& db, moderator_info who, std::int64_t contribution_id,
                     std::function<void(result<nlohmann::json>)> done);

/// The latest audit entries, newest first (for the console).
void recent_audit(database& db, int limit, std::function<void(result<nlohmann::json>)> done);

/// Public transparency of one consultation: decisions counted by outcome and reason, and the
/// audit chain's head, with the account actions of every consultation counted by kind.
/// {"outcomes": {...}, "reasons": {...}, "head": "…", "entries": n, "accounts": {"account_invited": n, …}}.
void transparency(database& db, std::int64_t consultation_id, std::function<void(result<nlohmann::json>)> done);

}  // namespace baro::store
