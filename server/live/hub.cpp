#include "live/hub.hpp"

#include "live/sse_format.hpp"

#include <chrono>

namespace baro::live {

hub::hub(net::io_context& ioc) : ioc_(ioc)
{
    // Ids start from the clock so that an id from an earlier run of this node is never taken for ours.
    base_id_ = static_cast<std::uint64_t>(
                   std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                       .count()) *
               1000;
    next_id_ = base_id_;
}

hub::topic_state& hub::topic_locked(std::string const& topic)
{
    auto it = topics_.find(topic);
    if(it == topics_.end())
        it = topics_.emplace(topic, topic_state{event_ring(ring_capacity, base_id_), nullptr, {}}).first;
    return it->second;
}

std::vector<frame> hub::join(std::string const& topic, std::shared_ptr<subscriber> const& s, std::uint64_t last_id)
{
    std::lock_guard lock(mutex_);
    auto& t = topic_locked(topic);
    if(t.members.emplace(s.get(), s).second)
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
    auto targets = std::make_shared<std::vector<std::weak_ptr<subscriber>>>();
    frame f;
    {
        std::lock_guard lock(mutex_);
        auto& t = topic_locked(topic);
        auto const id = ++next_id_;
        f = std::make_shared<std::string const>(sse_frame(id, name, data));
        t.ring.push({id, f});
        if(name == "summary")
            t.snapshot = f;
        targets->reserve(t.members.size());
        for(auto const& [_, w] : t.members)
            targets->push_back(w);
    }
    fan_out(std::move(targets), 0, std::move(f));
}

void hub::fan_out(std::shared_ptr<std::vector<std::weak_ptr<subscriber>>> targets, std::size_t from, frame f)
{
    auto const end = std::min(targets->size(), from + fanout_chunk);
    for(auto i = from; i < end; ++i)
        if(auto s = (*targets)[i].lock())
            s->deliver(f);
    if(end < targets->size())
        net::post(ioc_, [self = shared_from_this(), targets = std::move(targets), end, f = std::move(f)]() mutable {
            self->fan_out(std::move(targets), end, std::move(f));
        });
}

}  // namespace baro::live
