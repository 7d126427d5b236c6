#include "live/page_cache.hpp"

namespace baro::live {

page_cache::page_ptr page_cache::get(std::string const& key, std::function<rendered_page()> const& render)
{
    {
        std::lock_guard lock(mutex_);
        if(auto it = pages_.find(key); it != pages_.end())
            return it->second;
    }
    // Two first requests may both render; the first to finish is kept, the pages are the same.
    auto page = std::make_shared<rendered_page const>(render());
    std::lock_guard lock(mutex_);
    if(pages_.size() >= page_cache_capacity)
        return page;
    return pages_.emplace(key, std::move(page)).first->second;
}

page_cache::page_ptr page_cache::find(std::string const& key) const
{
    std::lock_guard lock(mutex_);
    auto const it = pages_.find(key);
    return it == pages_.end() ? nullptr : it->second;
}

page_cache::page_ptr page_cache::put(std::string const& key, rendered_page page)
{
    auto kept = std::make_shared<rendered_page const>(std::move(page));
    std::lock_guard lock(mutex_);
    if(pages_.size() >= page_cache_capacity)
        return kept;
    return pages_.emplace(key, std::move(kept)).first->second;
}

std::size_t page_cache::size() const
{
    std::lock_guard lock(mutex_);
    return pages_.size();
}

}  // namespace baro::live
