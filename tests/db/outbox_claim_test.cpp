// The reply sender's claim (store/outbox): what it tells the plan of each reply about the consultation's
// SMS budget, and what that costs on a broadcast day.
#include "store/outbox.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>

using namespace baro;

namespace {

// Claims every due reply and gives back those of other tests untouched; returns this consultation's.
std::vector<store::claimed_reply> claim_of(std::int64_t consultation)
{
    store::outbox_queue queue(testing::database_url());
    auto claimed = queue.claim(1000, std::chrono::seconds(60));
    REQUIRE(claimed);
    std::vector<store::claimed_reply> mine;
    for(auto& r : *claimed)
        if(r.consultation_id == consultation)
            mine.push_back(r);
        else
            testing::exec("update outbox set lease_until = null, attempts = attempts - 1 where id = " + std::to_string(r.id));
    return mine;
}

// n replies sent earlier today (UTC, as the claim counts), spread between midnight and now: a test run
// just after midnight still finds them all today.
void add_sent(std::int64_t consultation, int n)
{
    testing::exec("insert into outbox (kind, provider, channel, consultation_id, status, sent_at)"
                  " select 'ack', 'twilio', 'sms', " +
                  std::to_string(consultation) +
                  ", 'sent', now() - (now() - (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC')) * g / " +
                  std::to_string(n + 1) + " from generate_series(1, " + std::to_string(n) + ") g");
}

void add_pending(std::int64_t consultation)
{
    testing::exec(
        "insert into outbox (kind, provider, channel, consultation_id, recipient_sealed) values ('ack', 'twilio', 'sms', " +
        std::to_string(consultation) + ", '\\x00')");
}

}  // namespace

// Counting every reply sent today for each claimed row cost 378 ms a claim of 16 at 50,000 sent (and
// grew all day); the plan only needs to know what is left of the budget, so the count stops there.
TEST_CASE("a claim counts today's SMS up to the budget: exact below it, the budget past it", "[db][outbox]")
{
    auto const quiet = testing::new_consultation();
    add_sent(quiet, 20);
    add_pending(quiet);
    auto const q = claim_of(quiet);
    REQUIRE(q.size() == 1);
    CHECK(q[0].daily_sms_budget == 1000);  // the default
    CHECK(q[0].sms_sent_today == 20);

    auto const busy = testing::new_consultation();
    add_sent(busy, 1500);
    add_pending(busy);
    auto const b = claim_of(busy);
    REQUIRE(b.size() == 1);
    CHECK(b[0].sms_sent_today == 1000);  // budget spent: nothing left, as with the full count

    testing::exec("insert into reply_setting (consultation_id, channel, daily_sms_budget) values (" + std::to_string(busy) +
                  ", 'sms', 5000)");
    add_pending(busy);
    auto const raised = claim_of(busy);
    REQUIRE(raised.size() == 1);
    CHECK(raised[0].daily_sms_budget == 5000);
    CHECK(raised[0].sms_sent_today == 1500);
}
