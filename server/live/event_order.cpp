#include "live/event_order.hpp"

namespace baro::live {

void event_order::expect(std::uint64_t id)
{
    std::lock_guard lock(mutex_);
    places_.emplace(id, place{});
}

void event_order::ready(std::uint64_t id, send what)
{
    std::lock_guard lock(mutex_);
    auto const it = places_.find(id);
    if(it == places_.end())
    {
        // Never expected: no place holds it back.
        if(what)
            what();
        return;
    }
    it->second = {true, std::move(what)};
    while(! places_.empty() && places_.begin()->second.ready)
    {
        if(auto const& s = places_.begin()->second.what)
            s();
        places_.erase(places_.begin());
    }
}

std::size_t event_order::waiting() const
{
    std::lock_guard lock(mutex_);
    return places_.size();
}

}  // namespace baro::live
