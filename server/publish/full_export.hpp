#pragma once
// The analysts' full export as rows of cells: one layout for CSV and XLSX (docs/open-data.md,
// "The full export").
#include "store/full_export.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::publish {

/// The columns of the full export, in order (the CSV header line and the XLSX first row). Pure.
std::vector<std::string> full_export_columns();

/// One contribution as cells in the order of full_export_columns(): lists `;`-separated, booleans
/// `true`/`false`, absent values empty; the text redacted in `lang` unless `raw`. Pure.
std::vector<std::string> full_export_cells(std::string_view consultation, store::full_contribution const& c, bool raw,
                                           std::string_view lang);

/// Cells as one CSV line (CRLF-terminated), each neutralised against formulas by csv_cell. Pure.
std::string csv_row(std::vector<std::string> const& cells);

}  // namespace baro::publish
