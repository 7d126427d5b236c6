#pragma once
#include "channels/africastalking.hpp"
#include "channels/inbound_message.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "ingest/submission.hpp"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace baro::store {
class catalog_cache;
class contribution_writer;
class database;
}  // namespace baro::store

namespace baro::ingest {

/// What intake needs (gateways, the web form, the JSON API); wired once by `baro serve`.
struct channel_context
{
    store::catalog_cache& catalog;
    store::contribution_writer& writer;
    store::database& db;
    baro::metrics& metrics;
    std::string pepper;                                 ///< raw bytes: the key of sender pseudonyms
    std::vector<std::string> withdrawal_keywords = {};  ///< besides STOP and SUPPRIMER
    /// Replies (issue 15): the outbox key (raw 32 bytes; empty: no reply is ever queued), the send
    /// clients that have their credentials (replies::can_send), and a nudge to the outbox sender
    /// after a commit that queued one (it polls anyway).
    std::string outbox_key = {};
    std::set<std::string> reply_providers = {};
    std::function<void()> wake_outbox = {};
    /// Voice notes and pictures (issue 15): a nudge to the media fetcher after a commit that queued
    /// one (it polls anyway). Media are sealed with outbox_key; without it none is kept.
    std::function<void()> wake_media = {};
};

/// What one delivery came to, once everything in it is committed.
struct delivery_outcome
{
    std::size_t stored = 0;      ///< new contributions
    std::size_t duplicates = 0;  ///< already stored (a gateway's retry or replay)
    std::size_t skipped = 0;     ///< nothing to keep: no text
    std::size_t withdrawn = 0;   ///< STOP / SUPPRIMER messages, public posts removed (their rows erased)
    std::size_t edited = 0;      ///< public posts whose author edited them (text replaced)
    std::size_t closed = 0;      ///< of `stored`: kept in the unrouted inbox, sent to a closed consultation
    std::string language;        ///< of the last message, for the reply: "fr", "bm", …
    bool queued_reply = false;   ///< the outbox answers (so the webhook's own reply stays empty)
};

/// Stores every message of a delivery (withdrawals erase their sender's contributions instead; a
/// public post's edit replaces its text, its removal withdraws it) and
/// calls `done` once, after the last commit: with the outcome, or errc::unavailable when any message
/// could not be committed (the gateway must retry; what was stored stays, and a retry is idempotent).
void deliver(channel_context& ctx, channels::inbound_batch batch, std::function<void(result<delivery_outcome>)> done);

/// Prepares, stores and counts one contribution typed into the web form or posted to the API;
/// `channel` ("web" or "api") labels baro_contributions_total (outcome stored, duplicate, conflict:
/// the key of an earlier submission with another text, refused: the database would not take the
/// row's data, or unavailable). `done` runs once: after the commit
/// with the writer's outcome, or at once with prepare_web's error (not counted), or with the
/// writer's error (errc::unprocessable with key "refused", or errc::unavailable).
void submit_web(channel_context& ctx, std::string channel, web_submission const& submission,
                std::function<void(result<store::insert_outcome>)> done);

/// One screen of a USSD conversation: loads the session's state, advances it, stores the state (or,
/// on the last screen, the contribution, committed before the reply), and gives the text/plain reply.
void ussd_step(channel_context& ctx, channels::ussd_request request, std::function<void(result<std::string>)> done);

}  // namespace baro::ingest
