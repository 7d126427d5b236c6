#pragma once
// Writes the posts of a social media archive (`baro import`, issue 13): many rows per statement,
// idempotent on (channel, external_id), each new contribution with its contribution_source row.
#include "core/result.hpp"
#include "store/contribution_writer.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace baro::store {

/// One archived public post, ready to store: the contribution and where it came from (sql/014).
struct archived_row
{
    contribution_row row;     ///< channel = platform, external_id = the platform's id
    std::string posted_at;    ///< ISO 8601, or empty: unknown (received_at is then the time of import)
    std::string permalink;    ///< empty: none
    std::string in_reply_to;  ///< empty: none
};

/// A connection of its own that stores archive rows in large transactions.
class archive_importer
{
public:
    explicit archive_importer(std::string url);
    ~archive_importer();
    archive_importer(archive_importer const&) = delete;
    archive_importer& operator=(archive_importer const&) = delete;

    /// Stores `rows` in one transaction; a row whose (channel, external_id) is already stored is left
    /// as it is. received_at takes the post's own date (charts over time follow the campaign), else
    /// now(). Returns how many rows were new. errc::unprocessable when the database refuses a row's
    /// data (the caller may split the batch), errc::unavailable when it cannot be reached.
    result<std::size_t> insert(std::vector<archived_row> const& rows);

    /// How many of `rows` are already stored (a dry run's "already present"); reads only.
    result<std::size_t> count_present(std::vector<archived_row> const& rows);

private:
    struct state;  ///< the connection (pqxx stays in store/*.cpp)
    std::string url_;
    std::unique_ptr<state> state_;
};

}  // namespace baro::store
