#pragma once
#include "core/result.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace baro::store {

class database;

/// How long an opened contribution stays claimed by its moderator.
constexpr auto claim_lifetime = std::chrono::minutes(5);

/// The moderation queue's filters. Every field is optional (empty / 0 = any). `key` is the search
/// key of the typed text (text::search_key), so `kono` finds `kɔnɔ`.
struct queue_filter
{
    std::int64_t consultation_id = 0;
    std::string status, channel, language, region, theme, tag, key;
    std::string theme_state;  ///< "confirmed" (by a moderator), "suggested" (not yet confirmed), "" = either
    std::string from, to;     ///< received_at bounds, ISO dates
    bool unrouted = false;  ///< only the unrouted inbox
    bool oldest_first = false;
    bool collapse_duplicates = false;  ///< one row per (consultation, search key) group
    std::string after;                 ///< keyset cursor from the previous page ("" = first page)
    int limit = 50;
};

/// The filter as the one JSON parameter the queue's SQL reads.
nlohmann::json to_json(queue_filter const& f);

/// True when the filter's counts come exact from the counter tables (consultation, channel,
/// language, region, theme); with a tag, text, date or theme-state filter the matches are counted up to 1,000.
bool counts_are_exact(queue_filter const& f);

/// One page of the queue: {"items": [...], "next": cursor or null, "counts": {status: n},
/// "counts_capped": bool}. When counts_capped, more than 1,000 match and counts is empty.
/// Items carry a short pseudonym, never the sender key; duplicate groups their size and channels.
void list_queue(database& db, queue_filter f, std::function<void(result<nlohmann::json>)> done);

/// One contribution, claimed by `moderator_id` for claim_lifetime unless another moderator's claim
/// is live (then errc::conflict naming them). With its duplicate group and the sender's other messages.
void open_contribution(database& db, std::int64_t id, std::int64_t moderator_id, bool claim,
                       std::function<void(result<nlohmann::json>)> done);

/// The ids matching a filter (for a bulk action on everything that matches), at most `cap`.
void matching_ids(database& db, queue_filter f, int cap, std::function<void(result<std::vector<std::int64_t>>)> done);

}  // namespace baro::store
