#pragma once
// Reading an admin's consultation and theme input, from the JSON API or from an HTML form: one
// reading for both, every refusal naming its field.
#include "core/form.hpp"
#include "core/result.hpp"
#include "ingest/reindex_jobs.hpp"
#include "store/consultation_admin.hpp"

#include <nlohmann/json.hpp>

namespace baro::http {

/// The consultation fields of a JSON body (see proto/openapi.yaml, AdminConsultationInput), or
/// errc::unprocessable naming the first bad field.
result<store::consultation_fields> consultation_fields_of(nlohmann::json const& j);

/// The theme fields of a JSON body, or errc::unprocessable naming the first bad field.
result<store::theme_fields> theme_fields_of(nlohmann::json const& j);

/// The body's "version" (the consultation's version as the admin read it): none when absent,
/// errc::unprocessable (field version) when not a positive integer.
result<std::optional<std::int64_t>> version_of(nlohmann::json const& j);
/// The refusal of a change that must name the version read and did not (422, field version).
error version_needed();

/// An HTML form's fields as the JSON body the API takes (title_fr → title.fr, recipients one per
/// line, checkboxes present → true), so that both are read by the functions above.
nlohmann::json json_of_form(form_fields const& f);

/// The lexicon preview: for each keyword, how many of `sample` it matches and up to three of them
/// ({"sampled", "keywords": [{"keyword", "language", "matches", "examples": [{"id", "text"}]}]}).
nlohmann::json lexicon_preview(std::vector<store::sample_text> const& sample, std::vector<std::string> const& keywords_fr,
                               std::vector<std::string> const& keywords_bm);

/// A background re-run of theme suggestion as the API and the page show it: state, done, total, error.
nlohmann::json reindex_json(ingest::reindex_progress const& p);

struct services;
/// Starts re-running theme suggestion on the stored contributions of `slug` with its current lexicons
/// (audited as `consultation_reindex`); answers the job's progress. 409 when one runs already or the
/// consultation is a draft. Shared by the API and the page (admin_routes.cpp).
void start_reindex(services& s, store::moderator_info who, std::string const& slug, store::admin_done done);

}  // namespace baro::http
