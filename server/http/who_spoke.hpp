#pragma once
#include "http/i18n.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <string>
#include <string_view>

namespace baro::http {

/// "Who spoke": the answers to the optional questions as small tables of people per answer, each cell
/// under 10 shown as "fewer than 10" and a complementary one as "withheld" (publish/small_cells), for
/// the results page and the report. Empty when the consultation asks none and none were published. Pure.
std::string who_spoke_html(messages const& m, std::string_view lang, store::consultation_info const& c,
                           store::published_summary const& s);

}  // namespace baro::http
