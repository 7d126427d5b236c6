#include "live/relay.hpp"

#include "core/json_text.hpp"
#include "core/languages.hpp"
#include "core/log.hpp"
#include "live/event_order.hpp"
#include "live/hub.hpp"
#include "publish/public_json.hpp"
#include "store/publish_read.hpp"

#include <algorithm>
#include <memory>

namespace baro::live {

std::string topic_of(std::int64_t consultation_id, std::string_view lang)
{
    return std::to_string(consultation_id) + "/" + std::string(lang);
}

void relay_summary(hub& h, summary_cache::entry_ptr const& entry)
{
    for(std::string_view lang : languages)
        h.publish_summary(topic_of(entry->consultation.id, lang), entry->live_json[language_index(lang)]);
}

std::chrono::milliseconds relay_retry_delay(int failures)
{
    auto const first = std::chrono::milliseconds(100), most = std::chrono::milliseconds(2000);
    auto delay = first;
    for(int i = 1; i < failures && delay < most; ++i)
        delay *= 2;
    return std::min(delay, most);
}

namespace {

// The `unpublish` event of contribution `e`, sent with the event's id.
event_order::send unpublish_of(hub& h, store::publish_event const& e)
{
    auto const data = dump_json(nlohmann::json{{"event", "unpublish"}, {"id", e.contribution_id}});
    return [&h, e, data] {
        for(std::string_view lang : languages)
            h.publish(topic_of(e.consultation_id, lang), "contribution", data, e.seq);
    };
}

void read_and_send(hub& h, event_order& order, store::database& primary, net::any_io_executor retries,
                   store::publish_event const& e, int failures)
{
    store::load_published(primary, e.consultation_id, e.contribution_id,
                          [&h, &order, &primary, retries, e, failures](result<std::optional<store::public_contribution>> r) {
        if(! r)
        {
            if(failures == 0)
                log::warn("live", "event " + std::to_string(e.seq) + ": reading contribution " +
                                      std::to_string(e.contribution_id) + " failed (" + r.err().message +
                                      "); trying again, later events wait for it");
            auto timer = std::make_shared<net::steady_timer>(retries, relay_retry_delay(failures + 1));
            timer->async_wait([&h, &order, &primary, retries, e, failures, timer](beast::error_code ec) {
                if(! ec)
                    read_and_send(h, order, primary, retries, e, failures + 1);
            });
            return;
        }
        if(failures > 0)
            log::info("live", "event " + std::to_string(e.seq) + ": read after " + std::to_string(failures + 1) + " tries");
        if(! *r)
            return order.ready(e.seq, unpublish_of(h, e));  // no longer published: readers must not show it
        order.ready(e.seq, [&h, e, c = std::move(**r)] {
            for(std::string_view lang : languages)
                h.publish(topic_of(e.consultation_id, lang), "contribution",
                          dump_json(nlohmann::json{{"event", "publish"}, {"contribution", publish::contribution_json(c, lang)}}),
                          e.seq);
        });
    });
}

}  // namespace

void relay_publish_event(hub& h, event_order& order, summary_cache& summaries, store::database& primary,
                         net::any_io_executor retries, store::publish_event const& e)
{
    summaries.invalidate(e.consultation_id);
    if(e.seq == 0)
        return;
    order.expect(e.seq);
    if(! e.published)
        return order.ready(e.seq, unpublish_of(h, e));
    read_and_send(h, order, primary, std::move(retries), e, 0);
}

}  // namespace baro::live
