#pragma once
// Store-internal: opening pqxx connections and turning pqxx exceptions into error values.
// Included only by server/store/*.cpp and the database tests (pqxx types never leave store/).
#include "core/result.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <pqxx/connection>

namespace baro::store {

/// Adds connect_timeout and application_name to a libpq URI when it has none.
std::string with_defaults(std::string url);

/// Opens one connection (blocking); throws pqxx errors. Held as pqxx::connection, never
/// connection_base: the base has no virtual destructor and would leak.
std::unique_ptr<pqxx::connection> connect(std::string const& url);

/// Runs `fn` and turns any exception into an error value: a lost or refused connection, a database not
/// ready or a rolled-back transaction (serialization, deadlock) becomes errc::unavailable; data the
/// database refuses (SQLSTATE class 22 or 23) errc::unprocessable; anything else errc::internal. The
/// log line names `what` and the SQLSTATE, never the server's message (it may quote the data).
status guarded(char const* what, std::function<void()> const& fn);

/// How a SQLSTATE is answered: see guarded().
enum class sql_failure
{
    not_ready,
    transient,
    data,
    other
};

/// The kind of failure a SQLSTATE (five characters; "" when unknown) reports. Pure.
sql_failure classify_sqlstate(std::string_view state);

/// True, once, when guarded() on this thread saw a failure that leaves its connection unusable.
bool take_connection_lost();

}  // namespace baro::store
