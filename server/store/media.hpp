#pragma once
#include "core/result.hpp"
#include "store/contribution_writer.hpp"
#include "store/sessions.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

class lazy_connection;

class database;

/// A pending medium a fetcher holds under a lease (table contribution_media, sql/027).
struct claimed_media
{
    std::int64_t id = 0;
    std::string kind;      ///< "audio" or "image"
    std::string provider;  ///< whatsapp, messenger, twilio, telegram
    std::string sealed;    ///< raw bytes: the provider's reference under outbox.key
    int attempts = 0;      ///< including this one
};

/// A medium the fetcher stored: its file is <media dir>/<sha256>.
struct stored_media
{
    std::string sha256;  ///< hex
    std::int64_t size = 0;
    std::string content_type;
};

/// The media table as the fetcher sees it: one connection of its own, opened on first use and
/// reopened after a loss. Every call is blocking: the fetcher's thread only, never an Asio thread.
class media_queue
{
public:
    explicit media_queue(std::string url);
    ~media_queue();
    media_queue(media_queue const&) = delete;
    media_queue& operator=(media_queue const&) = delete;

    /// Takes up to `limit` due pending media (FOR UPDATE SKIP LOCKED) and holds them for `lease`; a
    /// medium whose lease ran out (its fetcher died) is due again.
    result<std::vector<claimed_media>> claim(std::size_t limit, std::chrono::seconds lease);
    /// Stored: the reference is erased with the same statement.
    status mark_stored(std::int64_t id, stored_media const& m);
    /// Refused for good; `reason` is a key (too_large, not_media, …) shown to moderators. The
    /// reference is erased.
    status mark_refused(std::int64_t id, std::string const& reason);
    /// Another attempt after `delay`.
    status mark_retry(std::int64_t id, std::chrono::seconds delay, std::string const& reason);
    /// Deletes up to `limit` rows whose contribution was erased, and gives the checksums of the files
    /// no row names any more (the caller deletes those files).
    result<std::vector<std::string>> sweep_orphans(std::size_t limit);
    /// Marks up to `limit` media held past their consultation's retention (sql/019) refused with
    /// reason "expired", and gives the checksums of the files no stored medium names any more (the
    /// caller deletes those files).
    result<std::vector<std::string>> expire(std::size_t limit);

private:
    std::unique_ptr<lazy_connection> conn_;  // store/connection.hpp (pqxx stays in store/)
};

/// One stored medium a moderator may play or see: its file's checksum and the type its bytes showed.
struct media_file
{
    std::string sha256;
    std::string content_type;
};

/// The stored medium `media_id` (errc::not_found when there is none, or it is not stored).
void find_media_file(database& db, std::int64_t media_id, std::function<void(result<media_file>)> done);

/// The medium `media_id` if a moderator published it and its contribution is published (else
/// errc::not_found: never an unpublished voice note, never a picture nobody published).
void find_public_media_file(database& db, std::int64_t media_id, std::function<void(result<media_file>)> done);

/// The medium of contribution `contribution_id` a moderator published (nullopt when none): its id,
/// and whether it is a picture.
struct public_medium
{
    std::int64_t id = 0;
    bool image = false;
};
void find_public_medium_of(database& db, std::int64_t contribution_id,
                           std::function<void(result<std::optional<public_medium>>)> done);

/// The consultation of contribution `id` (nullopt: unrouted) and whether it carries a medium;
/// errc::not_found when there is no such contribution.
struct transcription_target
{
    std::optional<std::int64_t> consultation_id;
    bool has_media = false;
};
void find_transcription_target(database& db, std::int64_t id, std::function<void(result<transcription_target>)> done);

/// A moderator's transcription of a voice note (or description of a picture): it becomes the
/// contribution's text (display text, search key, language, script, suggested themes all taken from
/// `fields`, computed by ingest/), with an audit entry `transcribe`; the text itself is not copied
/// into the log. errc::unprocessable (key "media") when the contribution carries no medium.
void save_transcription(database& db, moderator_info who, std::int64_t id, contribution_row fields,
                        std::function<void(result<nlohmann::json>)> done);

/// A moderator publishes (or withdraws) the medium itself: an explicit, audited action
/// (`publish_media` / `unpublish_media`). Only a stored medium can be published (422 "media").
void set_media_public(database& db, moderator_info who, std::int64_t media_id, bool make_public,
                      std::function<void(result<nlohmann::json>)> done);

}  // namespace baro::store
