#include "outbox/plan.hpp"

#include "core/crypto.hpp"
#include "store/outbox.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::outbox;

namespace {

secrets keys()
{
    secrets k;
    k.outbox_key = std::string(32, 'k');
    k.at_send.username = "baro";
    k.at_send.api_key = "atk";
    k.smssync_secret = "s3cret";
    return k;
}

store::claimed_reply reply(std::string kind, std::string provider = "africastalking", std::string channel = "sms")
{
    store::claimed_reply r;
    r.kind = std::move(kind);
    r.provider = std::move(provider);
    r.channel = std::move(channel);
    r.language = "bm";
    r.consultation_id = 7;
    r.sealed = crypto::seal(keys().outbox_key, "+22376000001");
    r.daily_sms_budget = 10;
    r.idempotency_key = "uuid-1";
    return r;
}

std::string text(std::string const& lang, std::string const& key) { return lang + "/" + key; }

}  // namespace

TEST_CASE("a thanks goes with the address opened and the text of its language, or the consultation's own", "[outbox]")
{
    auto p = plan_reply(keys(), reply("ack"), text, 0);
    CHECK(p.final_status.empty());
    CHECK(p.message.recipient == "+22376000001");
    CHECK(p.message.text == "bm/reply.thanks");
    CHECK(p.counts_budget);
    auto custom = reply("ack");
    custom.custom_text = "I ni ce!";
    CHECK(plan_reply(keys(), custom, text, 0).message.text == "I ni ce!");
}

TEST_CASE("the closed answer and the STOP confirmation use their own texts, never the custom thanks", "[outbox]")
{
    auto closed = reply("closed");
    closed.custom_text = "I ni ce!";
    CHECK(plan_reply(keys(), closed, text, 0).message.text == "bm/reply.closed");
    auto stop = reply("withdrawal");
    stop.custom_text = "I ni ce!";
    CHECK(plan_reply(keys(), stop, text, 0).message.text == "bm/reply.withdrawn");
}

TEST_CASE("the budget and the switch stop thanks and closed answers, never a STOP confirmation", "[outbox]")
{
    for(auto const* kind : {"ack", "closed"})
    {
        auto r = reply(kind);
        r.sms_sent_today = 9;
        CHECK(plan_reply(keys(), r, text, 0).final_status.empty());
        auto const over = plan_reply(keys(), r, text, 1);  // one more sent since the claim counted
        CHECK(over.final_status == "skipped");
        CHECK(over.reason == "budget");
        CHECK(over.message.recipient.empty());  // a reply not sent never has its address opened
        r.sms_sent_today = 0;
        r.acknowledgements = false;
        CHECK(plan_reply(keys(), r, text, 0).reason == "acknowledgements_off");
    }
    auto stop = reply("withdrawal");
    stop.consultation_id = 0;
    stop.sms_sent_today = 10;
    stop.acknowledgements = false;
    auto const p = plan_reply(keys(), stop, text, 5);
    CHECK(p.final_status.empty());
    CHECK(! p.counts_budget);
}

TEST_CASE("WhatsApp and Messenger get nothing outside the 24-hour window; SMSSync has no window", "[outbox]")
{
    auto wa = reply("ack", "whatsapp", "whatsapp");
    wa.since_message = std::chrono::hours(25);
    CHECK(plan_reply(keys(), wa, text, 0).reason == "window");
    auto ms = reply("withdrawal", "messenger", "messenger");
    ms.since_message = std::chrono::hours(25);
    CHECK(plan_reply(keys(), ms, text, 0).reason == "window");
    auto ss = reply("ack", "smssync");
    ss.since_message = std::chrono::hours(25);
    CHECK(plan_reply(keys(), ss, text, 0).final_status.empty());
}

TEST_CASE("a reply a day old, without credentials or sealed under another key is given up", "[outbox]")
{
    auto old = reply("ack");
    old.age = std::chrono::hours(25);
    CHECK(plan_reply(keys(), old, text, 0).reason == "too_old");
    CHECK(plan_reply(keys(), reply("ack", "telegram", "telegram"), text, 0).reason == "no_credentials");
    auto other = reply("ack");
    other.sealed = crypto::seal(std::string(32, 'x'), "+22376000001");
    CHECK(plan_reply(keys(), other, text, 0).reason == "sealed");
}
