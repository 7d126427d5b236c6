// Global live-event ids (sql/018, issue 12): one id per publish event, taken in the publishing
// transaction, and heard by every listener in increasing order even when the transactions overlap.
#include "store/connection.hpp"
#include "store/publish_events.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <future>
#include <string>
#include <vector>

using namespace baro;

namespace {

class heard_events final : public pqxx::notification_receiver
{
public:
    explicit heard_events(pqxx::connection_base& c) : pqxx::notification_receiver(c, store::publish_channel) {}
    void operator()(std::string const& payload, int) override
    {
        if(auto e = store::parse_publish_event(payload))
            events.push_back(*e);
    }
    std::vector<store::publish_event> events;
};

bool waits_for_a_lock(int pid)
{
    return testing::scalar("select count(*) from pg_stat_activity where pid = " + std::to_string(pid) +
                           " and wait_event_type = 'Lock'") == "1";
}

}  // namespace

TEST_CASE("a transaction that publishes after another took its id commits after it, and listeners hear the ids in order",
          "[db][live]")
{
    auto const consultation = testing::new_consultation();
    auto listen = store::connect(testing::database_url());
    heard_events heard(*listen);

    auto first = store::connect(testing::database_url());
    auto second = store::connect(testing::database_url());
    auto const second_pid = second->backendpid();
    pqxx::work tx1(*first);
    auto const id1 = store::notify_publish(tx1, consultation, 1, true);

    // The second publisher starts while the first is still open: it waits for the first's commit.
    auto later = std::async(std::launch::async, [&] {
        pqxx::work tx2(*second);
        auto const id2 = store::notify_publish(tx2, consultation, 2, false);
        tx2.commit();
        return id2;
    });
    while(! waits_for_a_lock(second_pid))
        REQUIRE(later.wait_for(std::chrono::milliseconds(10)) == std::future_status::timeout);
    tx1.commit();
    auto const id2 = later.get();
    CHECK(id2 > id1);

    for(int i = 0; i < 30 && heard.events.size() < 2; ++i)
        listen->await_notification(1, 0);
    REQUIRE(heard.events.size() == 2);
    CHECK(heard.events[0].seq == id1);
    CHECK(heard.events[0].contribution_id == 1);
    CHECK(heard.events[0].published);
    CHECK(heard.events[1].seq == id2);
    CHECK(heard.events[1].contribution_id == 2);
    CHECK_FALSE(heard.events[1].published);
    CHECK(heard.events[0].consultation_id == consultation);
}

TEST_CASE("a rolled back publish is never heard and leaves only a gap in the ids", "[db][live]")
{
    auto const consultation = testing::new_consultation();
    auto listen = store::connect(testing::database_url());
    heard_events heard(*listen);
    auto conn = store::connect(testing::database_url());
    std::uint64_t lost = 0;
    {
        pqxx::work tx(*conn);
        lost = store::notify_publish(tx, consultation, 3, true);
    }  // rolled back
    pqxx::work tx(*conn);
    auto const kept = store::notify_publish(tx, consultation, 4, true);
    tx.commit();
    CHECK(kept > lost);
    for(int i = 0; i < 30 && heard.events.empty(); ++i)
        listen->await_notification(1, 0);
    listen->get_notifs();
    REQUIRE(heard.events.size() == 1);
    CHECK(heard.events[0].seq == kept);
}
