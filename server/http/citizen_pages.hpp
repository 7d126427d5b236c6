#pragma once
#include "http/i18n.hpp"
#include "store/consultations.hpp"

#include <string>
#include <string_view>

namespace baro::http {

/// What the citizen form shows besides its labels: the typed values and any errors.
struct form_state
{
    std::string text;
    std::string region;
    std::string gender, age_band;  ///< the optional answers, kept when the form is shown again
    std::string nonce;       ///< makes a resubmitted form idempotent
    std::string text_error;  ///< message shown next to the text field
    std::string region_error;
    std::string summary_error;  ///< message above the form (e.g. service unavailable)
    std::string demographic_error;  ///< message above the optional questions
};

/// Wraps `content` in the citizen layout (language links for `path`). Pure.
std::string citizen_page(messages const& m, std::string_view lang, std::string_view title, std::string_view path,
                         std::string const& content);

/// The contribution form of `c`. Pure.
std::string form_page(messages const& m, std::string_view lang, store::consultation_info const& c, form_state const& f);

/// The thank-you page after a stored contribution. Pure.
std::string thanks_page(messages const& m, std::string_view lang, store::consultation_info const& c);

/// The polite page of a consultation that takes nothing now (closed, archived, or not open yet),
/// with its title and a link to its results. Pure.
std::string closed_page(messages const& m, std::string_view lang, store::consultation_info const& c);

/// A page with a heading and one message (not found, unavailable…). Pure.
std::string message_page(messages const& m, std::string_view lang, std::string_view heading, std::string_view message);

/// The consultation's title in `lang`, falling back to French.
std::string localized(nlohmann::json const& labels, std::string_view lang);

}  // namespace baro::http
