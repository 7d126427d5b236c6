// The loop the background stages share (store/round_worker): a connection a thread, state a thread,
// a new connection after a failed round, each committing without waiting for the disk, and a prompt
// stop from a long rest.
#include "store/round_worker.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace baro;
using namespace std::chrono_literals;

namespace {

// What the rounds saw: the backend that served each round, by thread.
struct seen_rounds
{
    std::mutex mutex;
    std::condition_variable cv;
    std::map<int, std::vector<int>> pids;  // thread's own number -> backend pid of each of its rounds

    void add(int thread, int pid)
    {
        {
            std::lock_guard lock(mutex);
            pids[thread].push_back(pid);
        }
        cv.notify_all();
    }
    // Waits (for the condition, not a time) until `done` holds; false if 60 s pass first.
    template<class Pred>
    bool wait(Pred done)
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, 60s, [&] { return done(pids); });
    }
};

int backend_pid(pqxx::connection_base& conn)
{
    pqxx::nontransaction tx(conn);
    return tx.exec("select pg_backend_pid()")[0][0].as<int>();
}

}  // namespace

TEST_CASE("a round worker gives each thread its connection and its state, and stops from a long rest", "[db][store]")
{
    seen_rounds seen;
    std::atomic<int> threads{0};
    store::round_worker worker(testing::database_url(), "test rounds", 2, [&] {
        return [&, me = threads++, rounds = 0](pqxx::connection_base& conn) mutable {
            seen.add(me, backend_pid(conn));
            return ++rounds < 3 ? std::chrono::milliseconds(1) : std::chrono::milliseconds(std::chrono::hours(1));
        };
    });
    REQUIRE(seen.wait([](auto const& p) { return p.size() == 2 && p.at(0).size() == 3 && p.at(1).size() == 3; }));
    worker.stop();  // both threads rest for an hour: stop() wakes them
    std::lock_guard lock(seen.mutex);
    CHECK(seen.pids.at(0).size() == 3);  // no round after the third: each thread counted its own
    CHECK(seen.pids.at(1).size() == 3);
    CHECK(std::set<int>(seen.pids.at(0).begin(), seen.pids.at(0).end()).size() == 1);  // one connection a thread
    CHECK(std::set<int>(seen.pids.at(1).begin(), seen.pids.at(1).end()).size() == 1);
    CHECK(seen.pids.at(0).front() != seen.pids.at(1).front());
}

TEST_CASE("a round that loses its connection is followed by one on a new connection", "[db][store]")
{
    seen_rounds seen;
    std::vector<std::string> synchronous_commit;  // each round's setting: what the stages write is derived
    store::round_worker worker(testing::database_url(), "test rounds", 1, [&] {
        return [&, rounds = 0](pqxx::connection_base& conn) mutable {
            int const pid = backend_pid(conn);
            {
                auto const setting = pqxx::nontransaction(conn).exec("show synchronous_commit")[0][0].as<std::string>();
                std::lock_guard lock(seen.mutex);
                synchronous_commit.push_back(setting);
            }
            seen.add(0, pid);
            if(++rounds == 1)  // the first round's backend is terminated under it: the round fails
                testing::scalar("select pg_terminate_backend(" + std::to_string(pid) + ")::text");
            pqxx::nontransaction(conn).exec("select 1");
            return std::chrono::milliseconds(std::chrono::hours(1));
        };
    });
    REQUIRE(seen.wait([](auto const& p) { return p.count(0) && p.at(0).size() == 2; }));
    worker.stop();
    std::lock_guard lock(seen.mutex);
    CHECK(seen.pids.at(0)[0] != seen.pids.at(0)[1]);
    CHECK(synchronous_commit == std::vector<std::string>{"off", "off"});  // the new connection too
}
