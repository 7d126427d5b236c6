#pragma once
// Store-internal: one way to stream a query's rows with `COPY (…) TO STDOUT`, shared by the open data
// and the analysts' full export. Included only by server/store/*.cpp (pqxx types never leave store/).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

namespace baro::store {

/// One row of COPY's text format, unescaped; a null field is std::nullopt.
using copy_fields = std::vector<std::optional<std::string>>;

/// Streams `COPY (query) TO STDOUT` in `tx` on `conn`, one row at a time: memory stays constant
/// whatever the row count. `row` returns false to stop early, which cancels the COPY on the server
/// rather than reading it to its end. Throws pqxx errors (call it inside guarded()).
void copy_rows(pqxx::connection& conn, pqxx::transaction_base& tx, std::string const& query,
               std::function<bool(copy_fields const&)> const& row);

}  // namespace baro::store
