#pragma once
// What a publish event becomes on this node: SSE events on the consultation's topics, and a
// summary recompute. Wired by `baro serve` between store::publish_listener, the summary cache
// and the hub.
#include "live/summary_cache.hpp"
#include "store/publish_events.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace baro::store {
class database;
}

namespace baro::live {

class event_order;
class hub;

/// The hub topic of a consultation's events in one interface language. Pure.
std::string topic_of(std::int64_t consultation_id, std::string_view lang);

/// Sends a recomputed summary to its subscribers, in every interface language.
void relay_summary(hub& h, summary_cache::entry_ptr const& entry);

/// Handles one publish event: the summary is recomputed (after summary_settle); a published
/// contribution is read and sent as a `contribution` event, an unpublished one's id is sent, both
/// with the event's global id and through `order`, so they leave in the order they were heard. An
/// event without an id (from a node older than sql/018) only has the summary recomputed.
void relay_publish_event(hub& h, event_order& order, summary_cache& summaries, store::database& db,
                         store::publish_event const& e);

}  // namespace baro::live
