#include "outbox/plan.hpp"

#include "core/crypto.hpp"
#include "replies/policy.hpp"
#include "store/outbox.hpp"

#include <algorithm>

namespace baro::outbox {

std::string reply_text_key(std::string const& kind)
{
    if(kind == "withdrawal")
        return "reply.withdrawn";
    if(kind == "closed")
        return "reply.closed";
    return "reply.thanks";
}

reply_plan plan_reply(secrets const& keys, store::claimed_reply const& r, text_lookup const& texts, std::int64_t spent_in_batch)
{
    reply_plan p;
    auto const settle = [&p](char const* final_status, char const* reason) {
        p.final_status = final_status;
        p.reason = reason;
        return p;
    };
    // A withdrawal confirmation is owed; thanks and closed answers are courtesies the settings govern.
    bool const courtesy = r.kind != "withdrawal";
    p.counts_budget = courtesy && r.channel == "sms" && r.consultation_id != 0;
    p.budget_left = std::max<std::int64_t>(0, r.daily_sms_budget - r.sms_sent_today - spent_in_batch);

    if(r.age > replies::max_age)
        return settle("failed", "too_old");
    if(! replies::within_window(r.provider, r.channel, r.since_message))
        return settle("skipped", "window");
    if(courtesy && ! r.acknowledgements)
        return settle("skipped", "acknowledgements_off");
    if(p.counts_budget && p.budget_left == 0)
        return settle("skipped", "budget");
    if(! replies::can_send(keys, r.provider))
        return settle("failed", "no_credentials");
    // Opened last, so that a reply settled without sending never has its address in the clear.
    auto address = crypto::open(keys.outbox_key, r.sealed);
    if(! address)
        return settle("failed", "sealed");  // outbox.key changed since it was queued
    p.message.recipient = std::move(*address);

    p.message.provider = r.provider;
    p.message.channel = r.channel;
    p.message.route = r.route;
    p.message.idempotency_key = r.idempotency_key;
    p.message.text = r.kind == "ack" && ! r.custom_text.empty()
                         ? r.custom_text
                         : texts(replies::reply_language(r.language), reply_text_key(r.kind));
    return p;
}

}  // namespace baro::outbox
