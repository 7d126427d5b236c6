// The live relay (issue 12): a publish event's contribution is read on the primary, and a read that
// fails is tried again until it succeeds, the event keeping its place: a reader never misses one.
// Later, a contribution no longer published when read goes out as an unpublish with the same id.
#include "core/crypto.hpp"
#include "live/event_order.hpp"
#include "live/hub.hpp"
#include "live/relay.hpp"
#include "live/summary_cache.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace baro;

namespace {

struct recorder final : live::subscriber
{
    void deliver(live::frame const& f) override
    {
        std::lock_guard lock(mutex);
        got.push_back(*f);
    }
    std::vector<std::string> frames()
    {
        std::lock_guard lock(mutex);
        return got;
    }
    std::mutex mutex;
    std::vector<std::string> got;
};

// Polls `cond` until it holds; false after 30 s (a failure, never a way to wait a fixed time).
bool eventually(std::function<bool()> const& cond)
{
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while(! cond())
    {
        if(std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

std::int64_t add(std::int64_t consultation, std::string const& status)
{
    return std::stoll(testing::scalar(
        "insert into contribution (consultation_id, channel, external_id, display_text, status, published_at) values (" +
        std::to_string(consultation) + ", 'sms', '" + crypto::random_hex(8) + "', 'An bɛ kalata fɛ.', '" + status +
        "', case when '" + status + "' = 'published' then now() end) returning id"));
}

// One node's live side, as `baro serve` wires it, reading through `url`.
struct node
{
    explicit node(std::string const& url) : db(url, 1) {}
    ~node()
    {
        ioc.stop();
        runner.join();
        db.stop();
    }
    net::io_context ioc;
    store::database db;
    store::catalog_cache catalog;
    std::shared_ptr<live::hub> hub = std::make_shared<live::hub>(ioc);
    std::shared_ptr<live::summary_cache> summaries = std::make_shared<live::summary_cache>(ioc, db, catalog, nullptr);
    live::event_order order;
    net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
    std::thread runner{[this] { ioc.run(); }};
};

}  // namespace

TEST_CASE("a publish whose read fails is read again until it succeeds, and later events wait for it", "[db][live]")
{
    auto const consultation = testing::new_consultation();
    auto const published = add(consultation, "published");
    auto const gone = add(consultation, "new");
    // The relay reads as a role that may not read contributions yet: a real error from PostgreSQL.
    auto const role = "relay_" + crypto::random_hex(4);
    auto const app = "relay_test_" + crypto::random_hex(4);
    testing::exec("create role " + role);
    auto const url = testing::database_url() + "?application_name=" + app + "&options=-c%20role%3D" + role;
    {
        node n(url);
        auto const r = std::make_shared<recorder>();
        REQUIRE(n.hub->join(live::topic_of(consultation, "fr"), r, n.hub->pick_shard(), 0));

        live::relay_publish_event(*n.hub, n.order, *n.summaries, n.db, n.ioc.get_executor(), {consultation, published, true, 1});
        live::relay_publish_event(*n.hub, n.order, *n.summaries, n.db, n.ioc.get_executor(), {consultation, gone, true, 2});
        // A read failed (its transaction rolled back) ...
        REQUIRE(eventually([&] {
            return testing::scalar("select count(*) from pg_stat_activity where application_name = '" + app +
                                   "' and query = 'ROLLBACK'") != "0";
        }));
        // ... and nothing went out: the failed event holds its place and the one after it.
        CHECK(r->frames().empty());
        CHECK(n.order.waiting() == 2);

        testing::exec("grant select on all tables in schema public to " + role);
        REQUIRE(eventually([&] { return r->frames().size() == 2; }));
        auto const frames = r->frames();
        CHECK(frames[0].find("id: 1\n") != std::string::npos);
        CHECK(frames[0].find(R"("event":"publish")") != std::string::npos);
        CHECK(frames[0].find(R"("id":)" + std::to_string(published)) != std::string::npos);
        // Not published when read: its readers are told to show nothing, with the publish's own id.
        CHECK(frames[1].find("id: 2\n") != std::string::npos);
        CHECK(frames[1].find(R"({"event":"unpublish","id":)" + std::to_string(gone) + "}") != std::string::npos);
        CHECK(n.order.waiting() == 0);
    }
    testing::exec("revoke all on all tables in schema public from " + role);
    testing::exec("drop role " + role);
}
