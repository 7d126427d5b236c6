#pragma once
#include "core/metrics.hpp"
#include "core/secrets.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace baro::store {
struct claimed_media;
class media_queue;
}  // namespace baro::store

namespace baro::outbox {

/// Where and how the fetcher keeps media.
struct media_options
{
    std::string dir;                           ///< BARO_MEDIA_DIR: files named by their SHA-256, outside any public path
    std::size_t max_bytes = 16 * 1024 * 1024;  ///< BARO_MEDIA_MAX_BYTES: a larger medium is refused (too_large)
    std::chrono::seconds lease{300};  ///< a fetcher that dies leaves its media due again after this; a download may take half
    std::chrono::milliseconds poll{1000};              ///< how often due retries and erased contributions are looked for
    std::chrono::milliseconds retention_every{60000};  ///< how often media past their consultation's retention are looked for
};

/// Fetches the voice notes and pictures citizens sent (issue 15), after their contribution's commit:
/// one thread with its own database connection claims pending media (FOR UPDATE SKIP LOCKED, under
/// a lease), opens each provider reference, asks the provider where the file is (WhatsApp, Telegram),
/// downloads it under the size cap, checks its type by its bytes (channels::sniff_media), writes it
/// as <dir>/<sha256> (written to a temporary name, synced, renamed, read back and its checksum
/// verified) and marks it stored; or refused with a reason; or retried with backoff while the
/// provider cannot be reached. It also deletes the files of erased contributions (a STOP, a
/// moderator's erasure) and, every `retention_every`, the files held longer than their
/// consultation's media retention (sql/019). Resumes from the database after a crash.
class media_fetcher
{
public:
    media_fetcher(std::string database_url, secrets keys, baro::metrics& metrics, media_options options);
    ~media_fetcher();
    media_fetcher(media_fetcher const&) = delete;
    media_fetcher& operator=(media_fetcher const&) = delete;

    /// A medium was queued or a contribution erased: look now. Never blocks.
    void wake();
    /// Finishes the fetch in progress, joins the thread.
    void stop();

private:
    void run();
    void handle(store::media_queue& queue, store::claimed_media const& m);
    void sweep(store::media_queue& queue);
    void erase_files(std::vector<std::string> const& checksums, char const* counter);

    std::string url_;
    secrets keys_;
    baro::metrics& metrics_;
    media_options options_;
    std::chrono::seconds timeout_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = false, stopping_ = false;
    std::chrono::steady_clock::time_point next_expiry_{};
    std::thread thread_;
};

}  // namespace baro::outbox
