#include "live/summary_cache.hpp"

#include "core/json_text.hpp"
#include "publish/http_cache.hpp"
#include "publish/public_json.hpp"

namespace baro::live {

namespace {
summary_cache::entry_ptr make_entry(store::consultation_info const& c, store::published_summary data)
{
    auto e = std::make_shared<summary_entry>();
    e->consultation = c;
    for(std::size_t i = 0; i < language_count; ++i)
    {
        e->json[i] = dump_json(publish::summary_json(c, data, languages[i]));
        e->etag[i] = publish::etag_of(e->json[i]);
        e->live_json[i] = dump_json(publish::live_summary_json(c, data, e->etag[i]));
    }
    e->consultation_json = dump_json(publish::consultation_json(c, data));
    e->consultation_etag = publish::etag_of(e->consultation_json);
    e->last_modified_s = data.last_published_s;
    e->data = std::move(data);
    e->computed_at = std::chrono::steady_clock::now();
    return e;
}
}  // namespace

summary_cache::summary_cache(net::io_context& ioc, store::database& db, store::catalog_cache& catalog,
                             std::function<void(entry_ptr const&)> changed)
    : ioc_(ioc),
      db_(db),
      catalog_(catalog),
      changed_(std::move(changed))
{
}

void summary_cache::get(store::consultation_info const& c, std::function<void(result<entry_ptr>)> done)
{
    entry_ptr now;
    {
        std::lock_guard lock(mutex_);
        auto& s = slots_[c.id];
        now = s.current;
        if(! now)
            s.waiters.push_back(std::move(done));
        if(! now || std::chrono::steady_clock::now() - now->computed_at > summary_max_age)
            start_locked(c.id, s, {});
    }
    if(now)
        done(now);
}

void summary_cache::invalidate(std::int64_t id)
{
    std::lock_guard lock(mutex_);
    start_locked(id, slots_[id], summary_settle);
}

void summary_cache::invalidate_all()
{
    std::lock_guard lock(mutex_);
    for(auto& [id, s] : slots_)
        start_locked(id, s, summary_settle);
}

void summary_cache::start_locked(std::int64_t id, slot& s, std::chrono::steady_clock::duration delay)
{
    if(s.computing)
    {
        s.dirty = true;  // one more run after this one, never one per event
        return;
    }
    if(s.timer_set)
        return;
    auto const now = std::chrono::steady_clock::now();
    auto const next = std::max(s.started + summary_min_interval, now + delay);
    if(now < next)
    {
        s.timer_set = true;
        auto timer = std::make_shared<net::steady_timer>(ioc_, next);
        timer->async_wait([self = shared_from_this(), timer, id](beast::error_code) {
            std::lock_guard lock(self->mutex_);
            auto& s = self->slots_[id];
            s.timer_set = false;
            self->start_locked(id, s, {});
        });
        return;
    }
    s.computing = true;
    s.started = now;
    net::post(ioc_, [self = shared_from_this(), id] { self->compute(id); });
}

void summary_cache::compute(std::int64_t id)
{
    store::load_published_summary(
        db_, id, [self = shared_from_this(), id](result<store::published_summary> r) { self->completed(id, std::move(r)); });
}

void summary_cache::completed(std::int64_t id, result<store::published_summary> r)
{
    entry_ptr fresh, previous;
    std::optional<error> failure;
    if(r)
    {
        auto const snapshot = catalog_.get();
        store::consultation_info const* c = nullptr;
        for(auto const& each : *snapshot)
            if(each.id == id)
                c = &each;
        if(c)
            fresh = make_entry(*c, std::move(*r));
        else
            failure = fail(errc::not_found, "No such consultation.");
    }
    else
        failure = r.err();
    std::vector<std::function<void(result<entry_ptr>)>> waiters;
    {
        std::lock_guard lock(mutex_);
        auto& s = slots_[id];
        s.computing = false;
        previous = s.current;
        if(fresh)
            s.current = fresh;
        waiters.swap(s.waiters);
        if(s.dirty)
        {
            s.dirty = false;
            start_locked(id, s, summary_settle);
        }
    }
    for(auto& w : waiters)
        w(fresh ? result<entry_ptr>(fresh) : result<entry_ptr>(*failure));
    if(fresh && changed_ && (! previous || previous->json != fresh->json))
        changed_(fresh);
}

}  // namespace baro::live
