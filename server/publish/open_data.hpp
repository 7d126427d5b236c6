#pragma once
#include "store/publish_read.hpp"

#include <string>
#include <string_view>

namespace baro::publish {

/// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; a cell beginning with
/// `=`, `+`, `-`, `@`, TAB or CR, also after spaces or invisible marks (LRM, RLM, ZWNJ, ZWJ, BOM, ALM,
/// bidi embeddings and isolates), is prefixed with `'` so a spreadsheet never runs it as a formula. Pure.
std::string csv_cell(std::string_view value);

/// The CSV header line of the open data (CRLF-terminated). Pure.
std::string csv_header();

/// One contribution as a CSV line (CRLF-terminated), text redacted in `lang`. Pure.
std::string csv_line(std::string_view consultation, store::public_contribution const& c, std::string_view lang);

/// One contribution as a JSON Lines record (LF-terminated), text redacted in `lang`. Pure.
std::string jsonl_line(std::string_view consultation, store::public_contribution const& c, std::string_view lang);

}  // namespace baro::publish
