#pragma once
#include "core/result.hpp"
#include "store/outbox.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <memory>
#include <thread>
#include <vector>

namespace baro::store {

/// Where a public post came from (table contribution_source; its platform is the row's channel).
struct source_row
{
    std::string permalink;       ///< "" stored as NULL
    std::string in_reply_to;     ///< "" stored as NULL
    std::string context_text;    ///< "" stored as NULL
    std::int64_t posted_at = 0;  ///< seconds since 1970; 0 stored as NULL
};

/// A voice note or picture to fetch after the commit (table contribution_media, state pending).
struct media_entry
{
    std::string kind;           ///< "audio" or "image"
    std::string provider;       ///< the fetch client: whatsapp, messenger, twilio, telegram
    std::string sealed;         ///< crypto::seal of the provider's reference under outbox.key (raw bytes)
    std::string declared_type;  ///< the provider's word
};

/// One contribution ready to store: every field already computed by ingest/.
struct contribution_row
{
    std::optional<std::int64_t> consultation_id;  ///< nullopt: the unrouted inbox
    std::string channel;
    std::string external_id;
    std::string sender_key;  ///< empty for anonymous web posts
    std::string raw;
    std::string display_text;
    std::string search_key;
    std::string language = "unknown";
    std::string script;
    std::string region;  ///< empty: not given
    std::string gender;    ///< an answer of core/demographics, empty: not asked or not answered (sql/026)
    std::string age_band;  ///< likewise
    std::string status = "new";
    std::vector<std::string> suggested_themes;
    std::vector<std::string> themes;
    std::vector<std::string> flags;
    std::optional<source_row> source;  ///< public posts (Facebook, Instagram, X) only
    /// The acknowledgement to queue in the outbox, in the same transaction, when the row is new (a
    /// retried delivery is thanked once). nullopt: no reply.
    std::optional<outbox_entry> reply;
    /// The medium the message carried, written pending in the same transaction when the row is new.
    std::optional<media_entry> media;
};

/// What happened to one submitted row.
struct insert_outcome
{
    std::int64_t id = 0;
    bool duplicate = false;  ///< (channel, external_id) was already stored: nothing new was written
    bool same_raw = true;    ///< for a duplicate: the stored raw text equals the submitted one
    bool withdrawn = false;  ///< its author withdrew (channel, external_id) before: nothing written, id 0
};

/// Group-commit writer: rows from every intake path are collected while the previous batch commits,
/// then written in one transaction with one multi-row INSERT … ON CONFLICT DO NOTHING. Each caller's
/// callback runs only after COMMIT, on a writer thread, or with an error: errc::unprocessable for a
/// row the database refuses (key "refused"; its batch is split, so its neighbours are stored), errc::unavailable
/// for anything that is not the row's fault (database lost or busy: retry).
///
/// `shards` writer threads, each with its own queue and connection, commit batches side by side (a
/// batch's time is mostly PostgreSQL's work, one backend per connection). A row goes to the shard of
/// its (channel, external_id): a gateway's retry meets its first attempt in the same queue, and two
/// batches in flight never hold the same key (so they cannot deadlock on the unique index).
class contribution_writer
{
public:
    using callback = std::function<void(result<insert_outcome>)>;

    /// `max_batch`: the most rows one transaction takes. A batch is whatever queued while the last one
    /// committed, so it grows with the load (a few rows when quiet, up to this cap at saturation).
    contribution_writer(std::string url, std::size_t max_batch = 1024, std::size_t max_pending = 20000, unsigned shards = 2);
    ~contribution_writer();
    contribution_writer(contribution_writer const&) = delete;
    contribution_writer& operator=(contribution_writer const&) = delete;

    /// Queues `row`; `done` is called exactly once. A full queue answers errc::unavailable at once.
    void submit(contribution_row row, callback done);

    /// Stops accepting rows, writes everything queued, joins the threads.
    void stop();

    std::size_t pending() const;                        ///< rows waiting
    std::uint64_t batches() const { return batches_; }  ///< transactions committed (a split batch: several)
    std::uint64_t rows() const { return rows_; }        ///< rows acknowledged (new or duplicate)

private:
    struct item
    {
        contribution_row row;
        callback done;
    };
    struct shard
    {
        mutable std::mutex mutex;
        std::condition_variable cv;
        std::deque<item> queue;
        bool stopping = false;
        std::thread thread;
    };
    void run(shard& s);
    void write_batch(std::vector<item>& batch);
    /// Commits rows[first, last); a range the database refuses for a row's data is halved until only
    /// the refused rows fail. Fills `outcomes`, or `failures` for the rows that could not be stored.
    void write_rows(std::vector<contribution_row const*> const& rows, std::size_t first, std::size_t last,
                    std::vector<insert_outcome>& outcomes, std::vector<std::optional<error>>& failures);
    /// One transaction for rows[first, last), retried while the database is unavailable (up to 3 s).
    status commit_rows(std::vector<contribution_row const*> const& rows, std::size_t first, std::size_t last,
                       std::vector<insert_outcome>& outcomes);

    std::string url_;
    std::size_t max_batch_, max_pending_;
    std::atomic<std::uint64_t> batches_{0}, rows_{0};
    std::vector<std::unique_ptr<shard>> shards_;
};

}  // namespace baro::store
