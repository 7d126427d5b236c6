#pragma once
#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

class database;

/// A published contribution as the public may see it, before redaction: never a sender key, raw
/// text or external id. `text` is coalesce(edited_text, display_text) and must go through
/// text::redact before it leaves the server.
struct public_contribution
{
    std::int64_t id = 0;
    std::string text;
    std::string language;
    std::string region;  ///< "" when the citizen did not say
    std::string channel;
    std::vector<std::string> themes;  ///< confirmed themes, else the suggested ones
    std::string published_at;         ///< ISO 8601 UTC, microseconds
    std::int64_t published_us = 0;    ///< the same instant in microseconds since 1970 (the page cursor)
    bool featured = false;            ///< a moderator tagged it `featured`
    std::string medium = "text";      ///< "text", "voice" (a voice note) or "image": how it came, never the medium
    std::int64_t sent_by = 1;         ///< citizens who sent it: itself and the contributions marked its duplicates    /// A public post's permalink, set by load_published only when its consultation shows source
    /// links (consultation.show_source_links); "" everywhere else.
    std::string source_link;
};

/// One bucket of a count.
struct count_row
{
    std::string key;
    std::int64_t count = 0;
};

/// A quote chosen for a theme: featured first, then the latest.
struct theme_quote
{
    std::string theme;
    public_contribution contribution;
};

/// Everything the public summary of a consultation is made of.
struct published_summary
{
    std::int64_t consultation_id = 0;
    std::string opens_at, closes_at;  ///< ISO 8601 UTC, "" when unset
    std::int64_t total = 0;
    std::string last_published_at;      ///< "" when nothing is published
    std::int64_t last_published_s = 0;  ///< seconds since 1970, for Last-Modified
    std::vector<count_row> by_theme, by_region, by_language, by_channel, by_day;
    std::vector<count_row> received_by_day;  ///< every contribution received, whatever became of it, by UTC day
    /// People per answer to the optional questions, among published contributions (distinct
    /// pseudonyms; an anonymous web post counts alone). Raw: never public before publish::suppress_small_cells.
    std::vector<count_row> by_gender, by_age_band;
    std::vector<theme_quote> quotes;  ///< up to quotes_per_theme per theme
    std::vector<public_contribution> latest;
};

/// Quotes kept per theme, and latest contributions kept, in a summary.
constexpr int quotes_per_theme = 3;
constexpr int summary_latest = 10;

/// Reads the summary of consultation `consultation_id` on a store thread.
void load_published_summary(database& db, std::int64_t consultation_id, std::function<void(result<published_summary>)> done);

/// A page of published contributions, newest first.
struct contribution_filter
{
    std::int64_t consultation_id = 0;
    std::string theme, region, language;                          ///< "" matches any
    std::optional<std::pair<std::int64_t, std::int64_t>> before;  ///< (published_us, id) of the last row seen
    int limit = 20;
};

/// Reads one page on a store thread.
void list_published(database& db, contribution_filter f, std::function<void(result<std::vector<public_contribution>>)> done);

/// The contribution `id` if it is published in `consultation_id` (else nullopt), on a store thread.
void load_published(database& db, std::int64_t consultation_id, std::int64_t id,
                    std::function<void(result<std::optional<public_contribution>>)> done);

/// Number of published contributions of a consultation (blocking; for the CLI's progress bar).
result<std::int64_t> count_published(std::string const& url, std::int64_t consultation_id);

/// Streams every published contribution of a consultation, newest first, with `COPY … TO STDOUT`
/// on a connection of its own: memory stays constant whatever the row count. `row` returns false
/// to stop early, which cancels the COPY on the server. Blocking: for store::exporter's threads or
/// the CLI, never an Asio thread.
status stream_published(std::string const& url, std::int64_t consultation_id,
                        std::function<bool(public_contribution const&)> const& row);

/// One line of COPY's text format split into fields and unescaped; a null field is std::nullopt. Pure.
std::vector<std::optional<std::string>> parse_copy_line(std::string_view line);

}  // namespace baro::store
