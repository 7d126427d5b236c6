#pragma once
// A fresh, migrated database for one test executable, created from BARO_TEST_DATABASE_URL
// (tests/run.sh starts a throwaway cluster) and dropped at exit.
#include "core/result.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <vector>

namespace baro::testing {

/// The URL of this process's test database (created and migrated on first use).
std::string const& database_url();

/// Runs one SQL statement and returns the first column of the first row ("" when none).
std::string scalar(std::string const& sql);

/// Runs SQL with no result.
void exec(std::string const& sql);

/// Runs the search indexer until nothing is pending: every committed contribution is searchable.
void index_search();

/// Runs the duplicate grouper in rounds of `batch`, full sweeps, until nothing is left to group; a
/// failed round fails the test (a REQUIRE each round).
void group_duplicates(int batch = 500);

/// Runs one asynchronous store call on a database pool of its own and waits for its answer:
/// `start(db, done)` begins it, `done` receives the result on a store thread.
template <class T, class Start>
result<T> await_store(Start&& start)
{
    store::database db(database_url(), 1);
    std::promise<result<T>> p;
    auto answer = p.get_future();
    start(db, std::function<void(result<T>)>([&p](result<T> r) { p.set_value(std::move(r)); }));
    auto r = answer.get();
    db.stop();
    return r;
}

/// A new consultation (random slug) with these themes (by default one, securite); its id.
std::int64_t new_consultation(std::vector<store::theme_info> themes = {});

}  // namespace baro::testing
