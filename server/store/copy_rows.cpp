#include "store/copy_rows.hpp"

#include "store/publish_read.hpp"

#include <pqxx/pqxx>

namespace baro::store {

void copy_rows(pqxx::connection& conn, pqxx::transaction_base& tx, std::string const& query,
               std::function<bool(copy_fields const&)> const& row)
{
    // libpqxx 6.4's stream_from takes a table name and writes `COPY <name> TO STDOUT`, so a
    // parenthesised query streams too. Callers format only integers into `query`, never request text.
    pqxx::stream_from copy(tx, "(" + query + ")");
    std::string line;
    while(copy.get_raw_line(line))
    {
        if(! row(parse_copy_line(line)))
        {
            // Stopped early (the client went away or stalled): the server stops the COPY now,
            // instead of this thread reading it to its end. What was already sent is read until
            // the COPY's end or its cancellation error, whichever comes first.
            conn.cancel_query();
            try
            {
                copy.complete();
            }
            catch(pqxx::failure const&)
            {
            }
            return;
        }
    }
    copy.complete();
}

}  // namespace baro::store
