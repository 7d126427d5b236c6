#include "live/relay.hpp"

#include "core/json_text.hpp"
#include "core/languages.hpp"
#include "live/event_order.hpp"
#include "live/hub.hpp"
#include "publish/public_json.hpp"
#include "store/publish_read.hpp"

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

void relay_publish_event(hub& h, event_order& order, summary_cache& summaries, store::database& db, store::publish_event const& e)
{
    summaries.invalidate(e.consultation_id);
    if(e.seq == 0)
        return;
    order.expect(e.seq);
    if(! e.published)
    {
        auto const data = dump_json(nlohmann::json{{"event", "unpublish"}, {"id", e.contribution_id}});
        return order.ready(e.seq, [&h, e, data] {
            for(std::string_view lang : languages)
                h.publish(topic_of(e.consultation_id, lang), "contribution", data, e.seq);
        });
    }
    store::load_published(
        db, e.consultation_id, e.contribution_id, [&h, &order, e](result<std::optional<store::public_contribution>> r) {
            if(! r || ! *r)
                return order.ready(e.seq, {});  // unpublished again meanwhile, or the database is away
            order.ready(e.seq, [&h, e, c = std::move(**r)] {
                for(std::string_view lang : languages)
                    h.publish(
                        topic_of(e.consultation_id, lang), "contribution",
                        dump_json(nlohmann::json{{"event", "publish"}, {"contribution", publish::contribution_json(c, lang)}}),
                        e.seq);
            });
        });
}

}  // namespace baro::live
