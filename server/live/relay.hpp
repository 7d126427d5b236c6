#pragma once
// What a publish event becomes on this node: SSE events on the consultation's topics, and a
// summary recompute. Wired by `baro serve` between store::publish_listener, the summary cache
// and the hub.
#include "core/net.hpp"
#include "live/summary_cache.hpp"
#include "store/publish_events.hpp"

#include <chrono>
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

/// How long relay_publish_event waits before reading a published contribution again after read
/// number `failures` failed (1, 2, …): 100 ms, doubling, at most 2 s. Pure.
std::chrono::milliseconds relay_retry_delay(int failures);

/// Handles one publish event: the summary is recomputed (after summary_settle); a published
/// contribution is read and sent as a `contribution` event, an unpublished one's id is sent, both
/// with the event's global id and through `order`, so they leave in the order they were heard. An
/// event without an id (from a node older than sql/018) only has the summary recompute.
///
/// `primary` is the database the NOTIFY came from, never a standby: it holds the commit the event
/// announces (a standby may not have replayed it yet). A read that fails (the primary is away, the
/// store's queue is full) is tried again after relay_retry_delay on `retries`, until it succeeds,
/// and later events wait for it: no event is skipped. A contribution that is no longer published
/// when read (unpublished or erased since) goes out as an `unpublish` event with the publish's id.
void relay_publish_event(hub& h, event_order& order, summary_cache& summaries, store::database& primary,
                         net::any_io_executor retries, store::publish_event const& e);

}  // namespace baro::live
