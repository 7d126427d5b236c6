#pragma once
// The reply settings of each consultation × channel (acknowledgements on or off, their texts in
// fr/bm/en, a daily SMS budget): written by `baro replies set`, the admin page and the admin API
// alike, read by the outbox when it sends (store/outbox.cpp).
#include "core/result.hpp"
#include "store/consultation_admin.hpp"
#include "store/sessions.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace baro::store {

class database;

/// A consultation × channel's reply settings.
struct reply_setting
{
    bool acknowledgements = true;
    std::int64_t daily_sms_budget = default_daily_sms_budget;
    std::string text_fr, text_bm, text_en;  ///< "": the default text (client-web/i18n)
    static constexpr std::int64_t default_daily_sms_budget = 1000;
};

/// The channels a citizen can be answered on, in the order the admin page shows them.
constexpr std::array<char const*, 4> reply_channels = {"sms", "whatsapp", "messenger", "telegram"};

/// Creates or updates the settings of consultation `slug` × `channel` (`baro replies set`);
/// errc::not_found when no consultation has that slug. Blocking: for the CLI.
status set_reply_setting(std::string const& url, std::string const& slug, std::string const& channel,
                         reply_setting const& setting);

/// The settings of consultation `slug` × `channel` (defaults when none were set). Blocking: for the CLI.
result<reply_setting> load_reply_setting(std::string const& url, std::string const& slug, std::string const& channel);

/// Every reply channel's settings of `slug` (defaults where none were set):
/// {"replies": [{"channel", "acknowledgements", "daily_sms_budget", "text": {"fr", "bm", "en"}}]}.
void read_reply_settings(database& db, std::string slug, admin_done done);

/// An admin saves the settings of `slug` × `channel`, audited as `replies_update` in the same
/// transaction; answers the saved setting as read_reply_settings shows one. errc::not_found for an
/// unknown slug, errc::conflict when the consultation is archived (read-only).
void save_reply_setting(database& db, moderator_info who, std::string slug, std::string channel, reply_setting setting,
                        admin_done done);

}  // namespace baro::store
