#pragma once
#include "core/demographics.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::channels {

/// Most characters on one USSD screen: 182 in the GSM 7-bit alphabet, 80 once any other character
/// (ɛ, ɔ, ɲ, ŋ, ç…) forces UCS-2; both are the 160 octets of a USSD string.
constexpr std::size_t ussd_max_gsm_chars = 182;
constexpr std::size_t ussd_max_ucs2_chars = 80;

/// True when `screen` (a reply without its "CON "/"END " prefix) fits one USSD screen.
bool ussd_fits(std::string_view screen);

/// A theme of the open consultation, as the USSD menu offers it.
struct ussd_theme
{
    std::string slug;
    std::string label_fr;
    std::string label_bm;
};

/// Where a USSD conversation stands.
enum class ussd_step
{
    language,  ///< waiting for 1 (Français) or 2 (Bamanankan)
    theme,     ///< waiting for a theme number, or 0 for the next page of themes
    consent,   ///< the optional questions' consent: 1 to answer them, 2 to skip them (only when asked)
    gender,    ///< waiting for a gender answer (only when the consultation asks it)
    age_band,  ///< waiting for an age band answer (only when the consultation asks it)
    message,   ///< waiting for the citizen's message
};

/// What the server keeps between two steps of one USSD session (keyed by session id, short-lived).
struct ussd_state
{
    std::string session_id;
    ussd_step step = ussd_step::language;
    std::string language;      ///< "fr" or "bm" once chosen
    std::string theme_slug;    ///< once chosen; empty when the consultation has no themes
    std::size_t consumed = 0;  ///< answers of Africa's Talking's '*'-joined history already handled
    std::size_t page = 0;      ///< page of the theme menu last shown
    std::string gender;        ///< an answer of gender_answers, or empty (not asked, skipped)
    std::string age_band;      ///< an answer of age_band_answers, or empty
};

/// ussd_state as JSON: {"session_id","step":"language"|"theme"|"consent"|"gender"|"age_band"|"message",
/// "language","theme","consumed","page","gender","age_band"} (the last two may be absent: states stored
/// before they existed still read).
void to_json(nlohmann::json& j, ussd_state const& s);
/// Reads what to_json wrote; throws nlohmann::json::exception on a malformed document.
void from_json(nlohmann::json const& j, ussd_state& s);
/// Reads a stored state without throwing; nullopt when `text` is not a state to_json wrote.
std::optional<ussd_state> ussd_state_from_text(std::string_view text);

/// What the citizen said, once the conversation is finished.
struct ussd_contribution
{
    std::string language;    ///< "fr" or "bm", as chosen on the first screen
    std::string theme_slug;  ///< empty when the consultation has no themes
    std::string text;        ///< the message, '*' included when the citizen typed some
    std::string gender;      ///< an answer of gender_answers, or empty
    std::string age_band;    ///< an answer of age_band_answers, or empty
};

/// One step's answer.
struct ussd_outcome
{
    std::string reply;                              ///< the text/plain body: "CON …" or "END …"
    ussd_state state;                               ///< to store for the next step
    std::optional<ussd_contribution> contribution;  ///< set on the last step: store it, then drop the state
};

/// Advances a USSD conversation: language, then theme (skipped when the consultation has fewer than
/// two), then, only when the consultation asks them, a consent screen (answer or skip) and the gender
/// and age band questions ("prefer not to say" always offered), then the message. `history` is Africa's Talking's `text`; `stored` the state kept from the last
/// step, or nullopt. A missing, expired or foreign state restarts at the language menu, and answers
/// typed before the restart are ignored. Invalid answers re-ask with a short error.
ussd_outcome ussd_advance(std::vector<ussd_theme> const& themes, std::string_view session_id, std::string_view history,
                          std::optional<ussd_state> const& stored, demographic_questions const& questions = {});

/// The only screen of a session whose service code names a consultation that takes nothing now
/// (closed, archived, not open yet): "END", in French and Bambara, since no language was chosen.
std::string_view ussd_closed_screen();

}  // namespace baro::channels
