#pragma once
#include "core/net.hpp"
#include "live/event_ring.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace baro::live {

/// Something that receives frames: an SSE session. It lives on one of the hub's shards (its socket's
/// executor is that shard's strand), and `deliver` is only ever called on that strand.
class subscriber
{
public:
    virtual ~subscriber() = default;
    virtual void deliver(frame const& f) = 0;
};

/// Events kept per topic for Last-Event-ID resume.
constexpr std::size_t ring_capacity = 256;
/// Subscribers served per handler during a fan-out, so one broadcast never holds an Asio thread long.
constexpr std::size_t fanout_chunk = 512;
/// Strands the subscribers are spread over. A broadcast posts one handler per shard (and chunk)
/// instead of one per subscriber; with the default two Asio threads of a 2-core node, two shards a
/// thread keep both cores busy when one thread is taken by something else.
constexpr std::size_t default_shards = 4;

using shard_executor = net::strand<net::io_context::executor_type>;

/// The node's subscribers by topic (the shape of Beast's chat `shared_state`): a pointer set under a
/// mutex; an event is formatted once and its frame shared; delivery happens outside the lock, on
/// each subscriber's shard strand, a chunk of subscribers per handler.
class hub : public std::enable_shared_from_this<hub>
{
public:
    explicit hub(net::io_context& ioc, std::size_t shards = default_shards);

    /// The shard a new subscriber goes to (round robin), and its strand: the subscriber's socket,
    /// timers and `deliver` all run there.
    std::size_t pick_shard();
    shard_executor const& executor_of(std::size_t shard) const { return shards_[shard]; }

    /// Adds `s` to `topic` and returns what it must be sent first: the events after `last_id` when
    /// they are all still kept, then the topic's latest summary (if any). Atomic with publish().
    /// nullopt, and `s` is not added, when `last_id` is newer than anything this node has sent: the
    /// client came from a node whose listener is ahead of ours; ask again once we caught up.
    std::optional<std::vector<frame>> join(std::string const& topic, std::shared_ptr<subscriber> const& s, std::size_t shard,
                                           std::uint64_t last_id);

    /// Removes `s` from `topic`.
    void leave(std::string const& topic, subscriber const* s);

    /// Formats `data` once as event `name` with the global id `id`, keeps it, and sends it to every
    /// subscriber of `topic`. Ids never go backwards on a node: an id below the newest one sent, or
    /// not above the floor, is dropped (false).
    bool publish(std::string const& topic, std::string_view name, std::string_view data, std::uint64_t id);

    /// Sends a summary to every subscriber of `topic` and keeps it as the topic's snapshot for
    /// subscribers that resync. It carries the newest id sent: resuming from it misses nothing after.
    void publish_summary(std::string const& topic, std::string_view data);

    /// The listener (re)started hearing events after `floor`: what was kept before may have a gap,
    /// so every ring is emptied and resumes from ids at or below `floor` get a snapshot.
    void restart_from(std::uint64_t floor);

    /// The newest event id sent by this node.
    std::uint64_t newest() const;

    /// Subscribers on this node.
    std::size_t size() const { return count_.load(); }

private:
    struct member
    {
        std::weak_ptr<subscriber> who;
        std::size_t shard;
    };
    struct topic_state
    {
        event_ring ring;
        frame snapshot;  ///< the latest summary, as a frame carrying snapshot_id
        std::string snapshot_data;
        std::uint64_t snapshot_id = 0;
        std::unordered_map<subscriber const*, member> members;
    };
    using targets = std::shared_ptr<std::vector<std::weak_ptr<subscriber>>>;
    topic_state& topic_locked(std::string const& topic);
    void post_fan_out(std::size_t shard, targets to, std::size_t from, frame f);
    void fan_out(std::size_t shard, targets to, std::size_t from, frame f);
    void targets_locked(topic_state const& t, std::vector<targets>& by_shard) const;
    frame const& snapshot_locked(topic_state& t);
    void post_all(std::vector<targets>& by_shard, frame const& f);

    std::vector<shard_executor> shards_;
    std::atomic<std::size_t> next_shard_{0};
    mutable std::mutex mutex_;
    std::map<std::string, topic_state, std::less<>> topics_;
    std::uint64_t floor_ = 0;
    std::uint64_t newest_ = 0;
    std::atomic<std::size_t> count_{0};
};

}  // namespace baro::live
