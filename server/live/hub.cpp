#include "live/hub.hpp"

#include "live/sse_format.hpp"

#include <algorithm>
#include <chrono>

namespace baro::live {

hub::hub(net::io_context& ioc, std::size_t shards)
{
    for(std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i)
        shards_.push_back(net::make_strand(ioc));
    // Ids start from the clock so that an id from an earlier run of this node is never taken for ours.
    base_id_ =
        static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count()) *
        1000;
    next_id_ = base_id_;
}

std::size_t hub::pick_shard() { return next_shard_.fetch_add(1, std::memory_order_relaxed) % shards_.size(); }

hub::topic_state& hub::topic_locked(std::string const& topic)
{
    auto it = topics_.find(topic);
    if(it == topics_.end())
        it = topics_.emplace(topic, topic_state{event_ring(ring_capacity, base_id_), nullptr, {}}).first;
    return it->second;
}

std::vector<frame> hub::join(std::string const& topic, std::shared_ptr<subscriber> const& s, std::size_t shard,
                             std::uint64_t last_id)
{
    std::lock_guard lock(mutex_);
    auto& t = topic_locked(topic);
    if(t.members.emplace(s.get(), member{s, shard % shards_.size()}).second)
        ++count_;
    std::vector<frame> replay;
    if(last_id != 0)
        if(auto missed = t.ring.since(last_id, next_id_))
        {
            for(auto const& e : *missed)
                replay.push_back(e.data);
            return replay;
        }
    if(t.snapshot)
        replay.push_back(t.snapshot);
    return replay;
}

void hub::leave(std::string const& topic, subscriber const* s)
{
    std::lock_guard lock(mutex_);
    auto it = topics_.find(topic);
    if(it != topics_.end() && it->second.members.erase(s))
        --count_;
}

void hub::publish(std::string const& topic, std::string_view name, std::string_view data)
{
    std::vector<targets> by_shard(shards_.size());
    frame f;
    {
        std::lock_guard lock(mutex_);
        auto& t = topic_locked(topic);
        auto const id = ++next_id_;
        f = std::make_shared<std::string const>(sse_frame(id, name, data));
        t.ring.push({id, f});
        if(name == "summary")
            t.snapshot = f;
        for(auto& to : by_shard)
        {
            to = std::make_shared<std::vector<std::weak_ptr<subscriber>>>();
            to->reserve(t.members.size() / shards_.size() + 16);
        }
        for(auto const& [_, m] : t.members)
            by_shard[m.shard]->push_back(m.who);
    }
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
