#include "live/hub.hpp"

#include "live/sse_format.hpp"

#include <algorithm>

namespace baro::live {

hub::hub(net::io_context& ioc, std::size_t shards)
{
    for(std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i)
        shards_.push_back(net::make_strand(ioc));
}

std::size_t hub::pick_shard() { return next_shard_.fetch_add(1, std::memory_order_relaxed) % shards_.size(); }

hub::topic_state& hub::topic_locked(std::string const& topic)
{
    auto it = topics_.find(topic);
    if(it == topics_.end())
        it = topics_.emplace(topic, topic_state{event_ring(ring_capacity, floor_), nullptr, {}, 0, {}}).first;
    return it->second;
}

std::optional<std::vector<frame>> hub::join(std::string const& topic, std::shared_ptr<subscriber> const& s, std::size_t shard,
                                            std::uint64_t last_id)
{
    std::lock_guard lock(mutex_);
    if(last_id > newest_)
        return std::nullopt;
    auto& t = topic_locked(topic);
    if(t.members.emplace(s.get(), member{s, shard % shards_.size()}).second)
        ++count_;
    std::vector<frame> replay;
    if(last_id != 0)
        if(auto missed = t.ring.since(last_id, newest_))
        {
            for(auto const& e : *missed)
                replay.push_back(e.data);
            // The summary may have changed after the last event the client saw, with no new event.
            if(t.snapshot)
                replay.push_back(snapshot_locked(t));
            return replay;
        }
    if(t.snapshot)
        replay.push_back(snapshot_locked(t));
    return replay;
}

void hub::leave(std::string const& topic, subscriber const* s)
{
    std::lock_guard lock(mutex_);
    auto it = topics_.find(topic);
    if(it != topics_.end() && it->second.members.erase(s))
        --count_;
}

bool hub::publish(std::string const& topic, std::string_view name, std::string_view data, std::uint64_t id)
{
    std::vector<targets> by_shard(shards_.size());
    frame f;
    {
        std::lock_guard lock(mutex_);
        if(id < newest_ || id <= floor_)
            return false;
        newest_ = id;
        auto& t = topic_locked(topic);
        f = std::make_shared<std::string const>(sse_frame(id, name, data));
        t.ring.push({id, f});
        targets_locked(t, by_shard);
    }
    post_all(by_shard, f);
    return true;
}

void hub::publish_summary(std::string const& topic, std::string_view data)
{
    std::vector<targets> by_shard(shards_.size());
    frame f;
    {
        std::lock_guard lock(mutex_);
        auto& t = topic_locked(topic);
        // Not kept in the ring (it shares its id with the event before it): every join ends with
        // the latest summary instead, after the events it replays.
        f = std::make_shared<std::string const>(sse_frame(newest_, "summary", data));
        t.snapshot = f;
        t.snapshot_data = data;
        t.snapshot_id = newest_;
        targets_locked(t, by_shard);
    }
    post_all(by_shard, f);
}

void hub::restart_from(std::uint64_t floor)
{
    std::lock_guard lock(mutex_);
    floor_ = floor;
    newest_ = floor;
    for(auto& [_, t] : topics_)
        t.ring = event_ring(ring_capacity, floor);
}

std::uint64_t hub::newest() const
{
    std::lock_guard lock(mutex_);
    return newest_;
}

// A joining stream's snapshot carries the newest id sent, not the one it had when it was made: it
// follows the events the stream replays (an older id would take the client's Last-Event-ID back and
// a later resume would replay them twice), and every contribution event up to that id is in the
// replay or the snapshot's own summary.
frame const& hub::snapshot_locked(topic_state& t)
{
    if(t.snapshot_id != newest_)
    {
        t.snapshot = std::make_shared<std::string const>(sse_frame(newest_, "summary", t.snapshot_data));
        t.snapshot_id = newest_;
    }
    return t.snapshot;
}

void hub::targets_locked(topic_state const& t, std::vector<targets>& by_shard) const
{
    for(auto& to : by_shard)
    {
        to = std::make_shared<std::vector<std::weak_ptr<subscriber>>>();
        to->reserve(t.members.size() / shards_.size() + 16);
    }
    for(auto const& [_, m] : t.members)
        by_shard[m.shard]->push_back(m.who);
}

void hub::post_all(std::vector<targets>& by_shard, frame const& f)
{
    for(std::size_t shard = 0; shard < shards_.size(); ++shard)
        if(! by_shard[shard]->empty())
            post_fan_out(shard, std::move(by_shard[shard]), 0, f);
}

void hub::post_fan_out(std::size_t shard, targets to, std::size_t from, frame f)
{
    net::post(shards_[shard], [self = shared_from_this(), shard, to = std::move(to), from, f = std::move(f)]() mutable {
        self->fan_out(shard, std::move(to), from, std::move(f));
    });
}

// Runs on the shard's strand: each subscriber's deliver is a plain call, no handler per subscriber.
void hub::fan_out(std::size_t shard, targets to, std::size_t from, frame f)
{
    auto const end = std::min(to->size(), from + fanout_chunk);
    for(auto i = from; i < end; ++i)
        if(auto s = (*to)[i].lock())
            s->deliver(f);
    if(end < to->size())
        post_fan_out(shard, std::move(to), end, std::move(f));
}

}  // namespace baro::live
