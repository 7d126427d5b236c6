#pragma once
// The reply settings of a consultation as an admin reads and edits them (acknowledgements on or
// off, their texts in fr/bm/en, the daily SMS budget), one reading for the JSON API and the page's
// form, and the page's section. They are what `baro replies set` writes (store/reply_settings.hpp).
#include "core/form.hpp"
#include "core/result.hpp"
#include "store/reply_settings.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace baro::http {

class messages;

/// The longest custom text, in characters: three SMS of 160 GSM characters.
constexpr std::size_t max_reply_text_chars = 480;
/// The highest daily SMS budget an admin may set.
constexpr long long max_daily_sms_budget = 1'000'000;

/// True when `channel` is one a citizen can be answered on (store::reply_channels).
bool is_reply_channel(std::string const& channel);

/// A reply setting of a JSON body {"acknowledgements": bool, "daily_sms_budget": int,
/// "text": {"fr", "bm", "en"}}: an absent member keeps its default; errc::unprocessable names the
/// first bad field (a wrong type, a budget out of 0…1 000 000, a text over 480 characters).
result<store::reply_setting> reply_setting_of(nlohmann::json const& j);

/// The page's form as that JSON body: the acknowledgements checkbox absent → false.
nlohmann::json reply_json_of_form(form_fields const& f);

/// The page's "replies to citizens" section: one form per channel, posting to
/// /mod/admin/consultations/{slug}/replies/{channel}; read-only when `writable` is false.
/// `settings` is store::read_reply_settings' answer.
std::string reply_settings_section(messages const& m, std::string const& lang, std::string const& slug, std::string const& csrf,
                                   nlohmann::json const& settings, bool writable);

}  // namespace baro::http
