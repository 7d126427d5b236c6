#include "live/event_ring.hpp"

namespace baro::live {

void event_ring::push(event e)
{
    events_.push_back(std::move(e));
    while(events_.size() > capacity_)
    {
        floor_ = events_.front().id;
        events_.pop_front();
    }
}

std::optional<std::vector<event>> event_ring::since(std::uint64_t last_id, std::uint64_t newest_id) const
{
    if(last_id < floor_ || last_id > newest_id)
        return std::nullopt;
    std::vector<event> out;
    for(auto const& e : events_)
        if(e.id > last_id)
            out.push_back(e);
    return out;
}

}  // namespace baro::live
