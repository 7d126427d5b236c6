#pragma once
#include "core/languages.hpp"
#include "core/net.hpp"
#include "core/result.hpp"
#include "live/page_cache.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace baro::store {
class database;
}

namespace baro::live {

/// Summaries are recomputed at most this often per consultation, however many events arrive.
constexpr auto summary_min_interval = std::chrono::milliseconds(500);
/// A publish event recomputes this long after it arrives, not at once: the `contribution` event of
/// the same publish reaches every subscriber first (the summary event that follows the recompute is
/// a second write to every subscriber, and 15,000 of them take a few hundred ms of both cores on a
/// busy node), and events that arrive within it (a bulk decision, a busy moderator) cost one
/// recompute and one summary event. An embed's total thus follows its new quote by about a second.
constexpr auto summary_settle = std::chrono::seconds(1);
/// A summary older than this is recomputed in the background when asked for (the stale one is
/// served meanwhile). Only a safety net, in case a change reached the database without its NOTIFY
/// (a hand-written UPDATE): publish and unpublish events recompute at once, and a listener that
/// reconnects recomputes everything. At a million contributions a recompute is real work for
/// PostgreSQL, so it must not run every few seconds under read load.
constexpr auto summary_max_age = std::chrono::minutes(5);

/// One computed summary, with its public JSON rendered once per interface language.
struct summary_entry
{
    store::consultation_info consultation;
    store::published_summary data;
    std::array<std::string, language_count> json;  ///< summary JSON in fr, bm, en (the redaction labels differ)
    std::array<std::string, language_count> etag;
    std::array<std::string, language_count> live_json;  ///< the SSE `summary` event's data (totals, by theme, etag)
    std::string consultation_json;
    std::string consultation_etag;
    std::int64_t last_modified_s = 0;
    std::chrono::steady_clock::time_point computed_at;
    /// Pages rendered from this summary (embed page, results page), each on its first request.
    mutable page_cache pages;
};

/// Public summaries, never computed per request: requests read the cached entry; publish events
/// (after summary_settle) and age trigger a recompute on a store thread, coalesced to one every
/// summary_min_interval.
class summary_cache : public std::enable_shared_from_this<summary_cache>
{
public:
    using entry_ptr = std::shared_ptr<summary_entry const>;
    /// `changed` runs (on a store thread) when a recomputed summary differs from the previous one.
    summary_cache(net::io_context& ioc, store::database& db, store::catalog_cache& catalog,
                  std::function<void(entry_ptr const&)> changed);

    /// The current entry of `c` (at once when there is one; after the first computation otherwise).
    void get(store::consultation_info const& c, std::function<void(result<entry_ptr>)> done);

    /// Something was published or unpublished in consultation `id`.
    void invalidate(std::int64_t id);
    /// Events may have been missed (the listener reconnected): recompute everything known.
    void invalidate_all();

private:
    struct slot
    {
        entry_ptr current;
        bool computing = false, dirty = false, timer_set = false;
        std::chrono::steady_clock::time_point started{};
        std::vector<std::function<void(result<entry_ptr>)>> waiters;
    };
    void start_locked(std::int64_t id, slot& s, std::chrono::steady_clock::duration delay);
    void compute(std::int64_t id);
    void completed(std::int64_t id, result<store::published_summary> r);

    net::io_context& ioc_;
    store::database& db_;
    store::catalog_cache& catalog_;
    std::function<void(entry_ptr const&)> changed_;
    std::mutex mutex_;
    std::map<std::int64_t, slot> slots_;
};

}  // namespace baro::live
