#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baro::live {

/// A formatted SSE frame, shared by every subscriber it goes to.
using frame = std::shared_ptr<std::string const>;

/// One event of a topic, kept for Last-Event-ID resume.
struct event
{
    std::uint64_t id = 0;
    frame data;
};

/// The most recent events of one topic, bounded. Pure.
class event_ring
{
public:
    /// `floor`: ids up to it were never kept here (they predate the ring, or this process).
    event_ring(std::size_t capacity, std::uint64_t floor) : capacity_(capacity), floor_(floor) {}

    /// Appends an event (ids increase); the oldest falls out beyond the capacity.
    void push(event e);

    /// The events after `last_id`, when everything after it is still here; nullopt when some of it
    /// has fallen out or the id was never ours (another node, an earlier run): resync from a snapshot.
    std::optional<std::vector<event>> since(std::uint64_t last_id, std::uint64_t newest_id) const;

private:
    std::size_t capacity_;
    std::uint64_t floor_;
    std::deque<event> events_;
};

}  // namespace baro::live
