#pragma once
// Store-internal: runs blocking pqxx work on a store thread and hands its result to a callback.
// Included only by server/store/*.cpp (pqxx types never leave store/).
#include "core/result.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace baro::store::detail {

/// Runs `work(conn)` (returning result<T> or T) on a store thread; `done` gets its result, or
/// errc::unavailable when no connection or no room in the queue, or the error guarded() made of
/// an exception. `done` runs on the store thread (or at once when the queue is full).
template<class T, class Work>
void run(database& db, char const* what, Work work, std::function<void(result<T>)> done)
{
    auto shared_done = std::make_shared<std::function<void(result<T>)>>(std::move(done));
    bool const queued = db.post([what, work = std::move(work), shared_done](pqxx::connection_base* conn) mutable {
        if(! conn)
            return (*shared_done)(fail(errc::unavailable, "the database cannot be reached"));
        std::optional<result<T>> out;
        auto const s = guarded(what, [&] { out.emplace(work(*conn)); });
        if(! s)
            return (*shared_done)(s.err());
        (*shared_done)(std::move(*out));
    });
    if(! queued)
        (*shared_done)(fail(errc::unavailable, "the database queue is full"));
}

}  // namespace baro::store::detail
