#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace baro::live {

/// A page rendered from one summary, with its ETag.
struct rendered_page
{
    std::string body;
    std::string etag;
};

/// Distinct pages one summary keeps rendered; past this, more are rendered per request and not
/// kept (the key holds a theme from the query string, so an unbounded map could be filled at will).
constexpr std::size_t page_cache_capacity = 128;

/// The pages rendered from one summary entry, by the options that shape them: the first request
/// renders, the others share the result until the summary changes (a new entry, a new cache).
/// Thread-safe; rendering happens outside the lock.
class page_cache
{
public:
    using page_ptr = std::shared_ptr<rendered_page const>;

    /// The page under `key`, rendered by `render` if it is not kept yet.
    page_ptr get(std::string const& key, std::function<rendered_page()> const& render);

    /// The page under `key` if it is kept, else nullptr (for pages rendered from data read
    /// asynchronously: find, then read and render, then put).
    page_ptr find(std::string const& key) const;

    /// Keeps `page` under `key` (unless full or already kept) and returns the page kept.
    page_ptr put(std::string const& key, rendered_page page);

    /// Pages kept.
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, page_ptr> pages_;
};

}  // namespace baro::live
