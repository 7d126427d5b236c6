#pragma once
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"

#include "text/themes.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace baro::ingest {

/// Compiles each consultation's theme lexicons into its `matcher` (run on every catalog load).
void prepare_catalog(store::catalog& c);

/// Fills a row's derived text columns (display text, search key, language, script, suggested themes,
/// flags) from the raw bytes, with the consultation's theme lexicons. One place for every channel,
/// and for `baro reindex`.
void fill_text_fields(store::contribution_row& row, store::consultation_info const& c, std::string_view raw);

/// `bytes` as PostgreSQL text can hold them: every U+0000 (NUL) removed, the one character a UTF-8
/// `text` column refuses. Applied at the edge to what is kept verbatim (raw, external ids), after any
/// signature was checked on the exact bytes; the display text and search key never contain it.
std::string storable(std::string_view bytes);

/// The lexicons of a consultation's themes, as the text pipeline takes them.
std::vector<text::theme_lexicon> lexicons(store::consultation_info const& c);

}  // namespace baro::ingest
