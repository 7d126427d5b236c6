#pragma once
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"

#include <string_view>

namespace baro::ingest {

/// Fills a row's derived text columns (display text, search key, language, script, suggested themes,
/// flags) from the raw bytes, with the consultation's theme lexicons. One place for every channel.
void fill_text_fields(store::contribution_row& row, store::consultation_info const& c, std::string_view raw);

}  // namespace baro::ingest
