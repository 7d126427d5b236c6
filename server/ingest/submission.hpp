#pragma once
#include "core/result.hpp"
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"

#include <string>
#include <string_view>

namespace baro::ingest {

/// A contribution typed into the web form or posted to the JSON API.
struct web_submission
{
    std::string slug;         ///< consultation
    std::string text;         ///< bytes as received
    std::string region;       ///< a region slug, or empty
    std::string external_id;  ///< idempotency: the form's nonce or the API's Idempotency-Key (scoped here)
    std::string gender;       ///< an answer of gender_answers, or empty; kept only when the consultation asks it
    std::string age_band;     ///< an answer of age_band_answers, or empty; kept only when the consultation asks it
};

/// Why a text cannot be accepted (each has its own message in every language).
enum class text_problem
{
    none,
    invalid_utf8,
    empty,
    too_long
};

/// Checks a submission and builds the row to store. Pure: the catalog is a snapshot.
/// Errors: not_found (consultation), invalid_encoding, unprocessable (field "text", "region", "gender" or "age_band").
result<store::contribution_row> prepare_web(store::catalog const& catalog, web_submission const& s);

/// The text problem behind an error from prepare_web, and the character count for "too long".
struct text_check
{
    text_problem problem = text_problem::none;
    std::size_t chars = 0;
};
text_check check_text(std::string_view bytes);

}  // namespace baro::ingest
