#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace baro::live {

/// Hands a node's publish events to the hub in the order the listener heard them (increasing global
/// ids), although a published contribution is read from the database first and those reads may
/// finish in any order. An event waits until every event heard before it was sent or given up.
/// Thread-safe; knows nothing of the hub (the sending is a function), so the rule is unit-tested.
class event_order
{
public:
    using send = std::function<void()>;

    /// Takes a place for event `id`, in the order the events were heard (on the listener's strand).
    void expect(std::uint64_t id);

    /// Event `id` is ready: `what` sends it (empty: nothing to send, it was unpublished again or its
    /// read failed). Runs, under this object's lock and in id order, every send no earlier event
    /// holds back any more, so that two threads never interleave theirs.
    void ready(std::uint64_t id, send what);

    /// Events waiting for an earlier one.
    std::size_t waiting() const;

private:
    struct place
    {
        bool ready = false;
        send what;
    };
    mutable std::mutex mutex_;
    std::map<std::uint64_t, place> places_;  ///< by id
};

}  // namespace baro::live
