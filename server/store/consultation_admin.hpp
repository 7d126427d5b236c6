#pragma once
// The organiser's workspace in the database: consultations and their themes as an admin edits
// them, each change one transaction with its audit entry. Consultation edits carry the version the
// admin read, so the later of two concurrent saves is refused (errc::conflict, field "version"). A
// theme change is a change of its consultation: it bumps the version too, and is refused the same way
// when it names a version that is no longer current.
#include "core/demographics.hpp"
#include "core/result.hpp"
#include "store/sessions.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

class database;

/// Days a consultation keeps its media files after receipt unless an admin sets otherwise; also
/// the retention of media that no consultation took (sql/019).
constexpr int default_media_retention_days = 90;
/// The bounds of that setting (sql/019's check).
constexpr int min_media_retention_days = 1, max_media_retention_days = 3650;

/// What an admin sets on a consultation (validated by the caller).
struct consultation_fields
{
    std::string slug;
    nlohmann::json title = nlohmann::json::object();        ///< {"fr", "bm", "en"}
    nlohmann::json description = nlohmann::json::object();  ///< {"fr", "bm", "en"}
    std::optional<std::int64_t> opens_at, closes_at;        ///< seconds since 1970
    std::vector<std::string> channels;
    std::string sms_keyword;
    std::vector<std::string> recipients;
    bool default_unrouted = false;
    bool ask_region = true;
    demographic_questions demographics;  ///< gender and age band, off by default
    bool show_source_links = false;
    int media_retention_days = default_media_retention_days;  ///< media files are erased this long after receipt
};

/// What an admin sets on a theme (validated by the caller).
struct theme_fields
{
    std::string slug;
    nlohmann::json label = nlohmann::json::object();
    std::vector<std::string> keywords_fr, keywords_bm;
    std::optional<std::int64_t> version;  ///< the consultation's version as the admin read it, if given
};

/// Completion of every call below: the consultation as JSON (see proto/openapi.yaml, AdminConsultation),
/// or the list {"consultations": […]}, or an error with its field.
using admin_done = std::function<void(result<nlohmann::json>)>;

/// Every consultation, drafts included, newest first, with its phase now and contribution count.
void list_consultations(database& db, admin_done done);
/// One consultation with its themes (retired ones too); errc::not_found.
void read_consultation(database& db, std::string slug, admin_done done);
/// Creates a draft; errc::conflict (field slug or default_unrouted) when taken.
void create_consultation(database& db, moderator_info who, consultation_fields f, admin_done done);
/// Saves `f` over the consultation `slug` read at `version`: errc::conflict with field "version" when
/// it changed since, or when it is archived; the slug is fixed once it has contributions (422).
void update_consultation(database& db, moderator_info who, std::string slug, std::int64_t version, consultation_fields f,
                         admin_done done);
/// Moves it to stored status `status` (open, closed, archived) as moderation::transition_problem allows.
void set_consultation_status(database& db, moderator_info who, std::string slug, std::string status, admin_done done);

/// Adds a theme; errc::conflict (field slug) when the slug is in use in this consultation, retired or not.
void create_theme(database& db, moderator_info who, std::string consultation, theme_fields t, admin_done done);
/// Relabels a theme and replaces its lexicons; errc::conflict (field version) when `t.version` is stale.
void update_theme(database& db, moderator_info who, std::string consultation, theme_fields t, admin_done done);
/// Retires a theme: kept for history, no longer suggested or offered.
void retire_theme(database& db, moderator_info who, std::string consultation, std::string theme,
                  std::optional<std::int64_t> version, admin_done done);
/// Merges theme `from` into `into`: contributions' themes and suggested themes follow (each once),
/// and `from` is retired with merged_into set.
void merge_themes(database& db, moderator_info who, std::string consultation, std::string from, std::string into,
                  std::optional<std::int64_t> version, admin_done done);
/// Records (audit `consultation_reindex`) that an admin re-runs theme suggestion on the stored
/// contributions of `consultation` (not archived); answers {"consultation_id": …} for the job.
void record_reindex(database& db, moderator_info who, std::string consultation, admin_done done);

/// How many of a consultation's latest contributions the lexicon preview reads.
constexpr int lexicon_preview_sample = 1000;

/// One stored contribution's id and display text.
struct sample_text
{
    std::int64_t id = 0;
    std::string text;
};
/// The `limit` latest contributions of consultation `slug` (any status), newest first; errc::not_found.
void latest_texts(database& db, std::string slug, int limit, std::function<void(result<std::vector<sample_text>>)> done);

}  // namespace baro::store
