#include "ingest/submission.hpp"

#include "core/crypto.hpp"
#include "core/demographics.hpp"
#include "ingest/regions.hpp"
#include "ingest/text_fields.hpp"
#include "text/display.hpp"

#include <algorithm>

namespace baro::ingest {

text_check check_text(std::string_view bytes)
{
    if(! text::is_valid_utf8(bytes))
        return {text_problem::invalid_utf8, 0};
    auto const d = text::display_form(bytes);
    if(d.text.empty())
        return {text_problem::empty, 0};
    if(d.truncated)
        return {text_problem::too_long, text::count_chars(bytes)};
    return {text_problem::none, d.chars};
}

result<store::contribution_row> prepare_web(store::catalog const& catalog, web_submission const& s)
{
    auto const* c = store::find_by_slug(catalog, s.slug);
    if(! c)
        return fail(errc::not_found, "No consultation named \"" + s.slug + "\".");
    if(! c->open())
        return fail(errc::conflict, "This consultation is closed and no longer takes contributions.");
    if(! text::is_valid_utf8(s.text))
        return fail(errc::invalid_encoding, "The text is not valid UTF-8.", "text");
    store::contribution_row row;
    fill_text_fields(row, *c, s.text);
    if(row.display_text.empty())
        return fail(errc::unprocessable, "The text is empty.", "text");
    if(std::find(row.flags.begin(), row.flags.end(), "truncated") != row.flags.end())
        return fail(errc::unprocessable,
                    "The text has " + std::to_string(text::count_chars(s.text)) + " characters; the limit is " +
                        std::to_string(text::max_contribution_chars) + ".",
                    "text");
    if(! is_region(s.region))
        return fail(errc::unprocessable, "Unknown region \"" + s.region + "\".", "region");
    // An answer to a question the consultation does not ask is not kept: the form did not show it.
    if(c->demographics.gender && ! s.gender.empty() && ! is_gender_answer(s.gender))
        return fail(errc::unprocessable, "Unknown answer \"" + s.gender + "\".", "gender");
    if(c->demographics.age_band && ! s.age_band.empty() && ! is_age_band_answer(s.age_band))
        return fail(errc::unprocessable, "Unknown answer \"" + s.age_band + "\".", "age_band");

    row.consultation_id = c->id;
    row.channel = "web";
    // Idempotency keys are scoped to their consultation; without one, every post is new.
    row.external_id = c->slug + ":" + (s.external_id.empty() ? crypto::random_hex(16) : storable(s.external_id));
    row.raw = storable(s.text);  // NUL cannot be stored: the text is kept without it, like the display
    row.region = s.region;
    if(c->demographics.gender)
        row.gender = s.gender;
    if(c->demographics.age_band)
        row.age_band = s.age_band;
    return row;
}

}  // namespace baro::ingest
