#pragma once
// The analysts' full export (issue 14): every contribution of a consultation, whatever its state,
// with what moderation made of it. Each export is an audit entry, written and committed before the
// first row is read, so no file leaves without its record.
#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace baro::store {

/// One contribution as an analyst may see it: never the sender key (a short pseudonym instead),
/// never the gateway's message id. `text` is coalesce(edited_text, display_text), unredacted: it must
/// go through text::redact unless an admin asked for the raw text.
struct full_contribution
{
    std::int64_t id = 0;
    std::string received_at;   ///< ISO 8601 UTC, microseconds
    std::string status;        ///< new, published, rejected, spam, duplicate, archived, unpublished
    std::string published_at;  ///< "" when never published
    std::string decided_at;    ///< last moderation decision; "" when none
    std::string language;
    std::string region;  ///< "" when the citizen did not say
    std::string channel;
    std::vector<std::string> suggested_themes;  ///< suggested automatically
    std::vector<std::string> themes;            ///< set by a moderator
    bool themes_confirmed = false;              ///< a moderator confirmed `themes`
    std::vector<std::string> tags;
    std::int64_t duplicate_group = 0;  ///< the group's first contribution (duplicate grouper); 0 when not grouped yet
    std::int64_t duplicate_of = 0;     ///< the original a moderator marked it a duplicate of; 0 when none
    std::string sender;                ///< short pseudonym, as the console shows it; "" for the web form
    std::string text;
};

/// Who asks for which export; it is what the audit entry records.
struct full_export_request
{
    std::int64_t consultation_id = 0;
    std::string slug;
    std::string actor;   ///< the account's e-mail, or "cli:<user>" for `baro export --all`
    std::string format;  ///< "csv" or "xlsx"
    bool raw = false;    ///< unredacted text (admins only: the caller checks)
    std::string via;     ///< "console" or "cli"
};

/// Appends the audit entry `export_full` for `req` with the consultation's row count and commits it,
/// then calls `started(rows)` and streams every contribution of the consultation, by id, to `row` with
/// `COPY … TO STDOUT` on a connection of its own (memory stays constant whatever the count). `row`
/// returns false to stop, which cancels the COPY. A failure before `started` means nothing was
/// exported. Blocking: for store::exporter's threads or the CLI, never an Asio thread.
status stream_full_export(std::string const& url, full_export_request const& req,
                          std::function<void(std::int64_t rows)> const& started,
                          std::function<bool(full_contribution const&)> const& row);

}  // namespace baro::store
