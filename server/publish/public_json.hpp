#pragma once
#include "publish/small_cells.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace baro::publish {

/// A published contribution as every public output shows it: redacted text in the reader's
/// language `lang`, no pseudonym, no raw text, no external id. Pure.
nlohmann::json contribution_json(store::public_contribution const& c, std::string_view lang);

/// GET /api/v1/consultations/{slug} (proto/schemas/consultation.json). Pure.
nlohmann::json consultation_json(store::consultation_info const& c, store::published_summary const& s);

/// GET /api/v1/consultations/{slug}/summary (proto/schemas/summary.json). Pure.
nlohmann::json summary_json(store::consultation_info const& c, store::published_summary const& s, std::string_view lang);

/// The cells of the optional questions as every public output shows them: one per answer, in the
/// order of core/demographics, small cells suppressed (publish/small_cells). Pure.
std::vector<public_cell> gender_cells(store::published_summary const& s);
std::vector<public_cell> age_band_cells(store::published_summary const& s);

/// The summary's `who_spoke`: {"min_cell": 10, "gender": [cells], "age_band": [cells]}, each question
/// present when the consultation asks it or answers were published; a suppressed cell has
/// "count": null and "suppressed": "fewer_than_10" or "complementary". Pure.
nlohmann::json who_spoke_json(store::consultation_info const& c, store::published_summary const& s);

/// The data of the SSE `summary` event (proto/schemas/live_summary.json): the totals and counts by
/// theme a live embed shows, and `etag`, the ETag of the full summary in the same language, for
/// clients that want the rest (a conditional GET of /summary). Small on purpose: it goes to every
/// subscriber on every change. Pure.
nlohmann::json live_summary_json(store::consultation_info const& c, store::published_summary const& s, std::string_view etag);

/// The opaque page cursor of a contribution, and back (nullopt when malformed). Pure.
std::string page_cursor(store::public_contribution const& c);
std::optional<std::pair<std::int64_t, std::int64_t>> parse_page_cursor(std::string_view cursor);

}  // namespace baro::publish
