#pragma once
// Store-internal: opening pqxx connections and turning pqxx exceptions into error values.
// Included only by server/store/*.cpp and the database tests (pqxx types never leave store/).
#include "core/result.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

/// A connection of one's own, opened on first use and again after a use that lost it: for a
/// component that works through one connection at a time (the reply and media queues).
class lazy_connection
{
public:
    explicit lazy_connection(std::string url) : url_(std::move(url)) {}

    /// Runs `fn(connection)` under guarded(`what`): its value, or the error.
    template<class Fn>
    auto use(char const* what, Fn&& fn) -> result<decltype(fn(std::declval<pqxx::connection&>()))>
    {
        using T = decltype(fn(std::declval<pqxx::connection&>()));
        std::optional<T> out;
        auto const s = guarded(what, [&] {
            if(! conn_ || ! conn_->is_open())
                conn_ = connect(url_);
            out.emplace(fn(*conn_));
        });
        if(take_connection_lost())
            conn_.reset();
        return s ? result<T>(std::move(*out)) : result<T>(s.err());
    }

private:
    std::string url_;
    std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace baro::store
