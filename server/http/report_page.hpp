#pragma once
#include "http/i18n.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace baro::http {

/// The printable report of a consultation (/c/{slug}/rapport, `baro report`): key figures, what
/// each theme says with French and Bambara quotes side by side (featured first, redacted), the
/// map, the trend, the channels, moderation counts by decision and the audit chain head from
/// store::transparency's `record`, and the method. One self-contained document: CSS and SVG
/// inline, nothing fetched, a print stylesheet for A4. `generated_at` is shown as the date it was
/// drawn up. Pure.
std::string report_page(messages const& m, std::string_view lang, store::consultation_info const& c,
                        store::published_summary const& s, nlohmann::json const& record, std::string_view public_url,
                        std::string_view generated_at);

}  // namespace baro::http
