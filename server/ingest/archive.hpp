#pragma once
// The row an archived public post becomes (`baro import`, issue 13): the same text pipeline and
// pseudonyms as every live channel.
#include "channels/archive.hpp"
#include "core/result.hpp"
#include "store/archive_import.hpp"
#include "store/consultations.hpp"

#include <string_view>

namespace baro::ingest {

/// The row for `post` in consultation `c`: text cleaned (NUL removed, windows-1252 read when it is not
/// UTF-8) and analysed (display text, search key, language, themes), author pseudonymized with
/// `pepper` as on the live channels (the raw id goes no further), channel = platform and external_id =
/// the platform's own id, so that the live webhook and an import of the same post are one row.
/// Error: unprocessable (field "text") when nothing is left to keep. Pure.
result<store::archived_row> prepare_archive(store::consultation_info const& c, channels::archive_post const& post,
                                          std::string_view pepper);

}  // namespace baro::ingest
