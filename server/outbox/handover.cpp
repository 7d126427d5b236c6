#include "outbox/handover.hpp"

#include "core/log.hpp"
#include "store/outbox.hpp"

#include <map>
#include <memory>

namespace baro::outbox {

void hand_over_smssync(store::database& db, secrets const& keys, text_lookup texts, baro::metrics& metrics,
                       std::function<void(result<std::vector<channels::smssync_message>>)> done)
{
    // SMS of each consultation handed over in this answer, so that one answer cannot overrun a budget.
    auto spent = std::make_shared<std::map<std::int64_t, std::int64_t>>();
    auto decide = [&keys, texts = std::move(texts), &metrics, spent](store::claimed_reply& r) {
        auto plan = plan_reply(keys, r, texts, (*spent)[r.consultation_id]);
        auto const labels = "provider=\"" + r.provider + "\",kind=\"" + r.kind + "\"";
        store::reply_handover h;
        if(! plan.final_status.empty())
        {
            metrics.count(plan.final_status == "failed" ? "baro_outbox_failed_total" : "baro_outbox_skipped_total",
                          labels + ",reason=\"" + plan.reason + "\"");
            h.final_status = plan.final_status;
            h.reason = plan.reason;
            return h;
        }
        if(plan.counts_budget)
            ++(*spent)[r.consultation_id];
        metrics.count("baro_outbox_sent_total", labels);
        h.final_status = "sent";
        h.to = std::move(plan.message.recipient);
        h.text = std::move(plan.message.text);
        return h;
    };
    store::hand_over_replies(db, store::pulled_provider, smssync_handover_limit, std::move(decide),
                             [done = std::move(done)](result<std::vector<store::reply_handover>> r) {
                                 if(! r)
                                     return done(r.err());
                                 std::vector<channels::smssync_message> out;
                                 for(auto& h : *r)
                                     if(h.final_status == "sent")
                                         out.push_back({std::move(h.to), std::move(h.text), std::move(h.uuid)});
                                 if(! out.empty())
                                     log::info("outbox", std::to_string(out.size()) + " replies handed to SMSSync");
                                 done(std::move(out));
                             });
}

void confirm_smssync(store::database& db, baro::metrics& metrics, std::vector<std::string> uuids,
                     std::function<void(result<std::vector<std::string>>)> done)
{
    store::confirm_handed_over(db, store::pulled_provider, std::move(uuids),
                               [&metrics, done = std::move(done)](result<store::confirmed_replies> r) {
                                   if(! r)
                                       return done(r.err());
                                   if(r->newly > 0)
                                       metrics.count("baro_outbox_confirmed_total", "provider=\"smssync\"",
                                                     static_cast<double>(r->newly));
                                   done(std::move(r->uuids));
                               });
}

}  // namespace baro::outbox
