#pragma once
// Records of a social media archive (issue 13): one public post or comment at a time, as `baro import`
// reads them. Pure: record text in, post or error out; the stream is cut into records by
// channels/archive_reader.
#include "core/result.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace baro::channels {

/// One public post or comment read from an archive. The author id is raw here: ingest/ turns it into
/// a pseudonym and it goes no further.
struct archive_post
{
    std::string platform;     ///< "facebook", "instagram" or "x": the contribution's channel
    std::string id;           ///< the platform's own id, exactly as the platform writes it
    std::string posted_at;    ///< ISO 8601 with its offset, e.g. "2018-10-10T20:19:24+00:00"; empty: unknown
    std::string author_id;    ///< the platform's account id; empty: unknown
    std::string text;         ///< as written (may be invalid UTF-8 in a CSV file)
    std::string permalink;    ///< https URL on the platform; empty: none
    std::string in_reply_to;  ///< the platform id of the post or comment it answers; empty: none
};

/// True for the platforms whose public posts baro keeps (sql/014): facebook, instagram, x.
bool is_social_platform(std::string_view name);

/// X's own date format "Wed Oct 10 20:19:24 +0000 2018" as ISO 8601; empty when it is not that.
std::string x_date(std::string_view text);

/// An ISO 8601 date and time ("2018-10-10T20:19:24+0000", "…Z", "….000Z", "… +01:00", no offset
/// read as UTC) checked field by field and written "YYYY-MM-DDTHH:MM:SS[.fff]±HH:MM"; empty when invalid.
std::string iso_date(std::string_view text);

/// One tweet of an X archive's tweets.js (`{"tweet": {…}}`), or a tweet object of an API dump
/// (v1.1: id_str, full_text or text, created_at, user.id_str, in_reply_to_status_id_str; v2: id,
/// text, created_at, author_id, referenced_tweets). Errors name the field (bad_request).
result<archive_post> parse_tweet(std::string_view record);

/// One comment of a Graph API `comments` page's `data` array: id, message, created_time, from.id,
/// permalink_url, parent.id. Errors name the field (bad_request).
result<archive_post> parse_facebook_comment(std::string_view record);

/// The columns of baro's CSV and JSONL archive format, in the documented order.
inline std::vector<std::string> const archive_columns{"platform", "id",  "created_at", "author_id",
                                                      "text",     "url", "in_reply_to"};

/// The fields of one RFC 4180 record (its line breaks inside quotes included, its final one not);
/// bad_request when a quote is misplaced or left open.
result<std::vector<std::string>> csv_fields(std::string_view record);

/// Where each column is in a CSV file, from its header record (any order; extra columns ignored);
/// bad_request naming the first documented column that is missing.
result<std::map<std::string, std::size_t>> csv_header(std::string_view record);

/// One CSV record of baro's archive format, read through its header's columns.
result<archive_post> parse_csv_post(std::string_view record, std::map<std::string, std::size_t> const& columns);

/// One JSONL line of baro's archive format: an object with the CSV's columns as members.
result<archive_post> parse_jsonl_post(std::string_view line);

}  // namespace baro::channels
