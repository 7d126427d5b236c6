#pragma once
#include "core/metrics.hpp"
#include "core/secrets.hpp"
#include "outbox/plan.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace baro::store {
struct claimed_reply;
class outbox_queue;
}  // namespace baro::store

namespace baro::outbox {

/// How the sender paces itself.
struct sender_options
{
    /// How long a claimed reply stays with its sender: a sender that dies leaves it due again after
    /// this (BARO_OUTBOX_LEASE_SECONDS). A request's timeout is half of it, at most 15 s.
    std::chrono::seconds lease{60};
    std::chrono::milliseconds poll{1000};  ///< how often due retries are looked for without a wake()
};

/// Sends the outbox's replies: one thread with its own database connection claims due rows (FOR
/// UPDATE SKIP LOCKED, under a lease), opens each citizen's sealed address, sends through the
/// provider's API, and marks the row sent (address erased), retried with exponential backoff, or
/// failed / skipped for good (address erased). Resumes from the database after a crash.
class sender
{
public:
    using text_lookup = outbox::text_lookup;

    sender(std::string database_url, secrets keys, baro::metrics& metrics, text_lookup texts, sender_options options);
    ~sender();
    sender(sender const&) = delete;
    sender& operator=(sender const&) = delete;

    /// A reply was queued: look now instead of at the next poll. Never blocks.
    void wake();
    /// Finishes the send in progress, gives back what it holds, joins the thread.
    void stop();

private:
    void run();
    /// `spent`: SMS sent per consultation since the claim that took `r`.
    void handle(store::outbox_queue& queue, store::claimed_reply& r, std::map<std::int64_t, std::int64_t>& spent);
    /// Gives up, about once a minute, the SMSSync replies no phone fetched within a day.
    void expire_pulled(store::outbox_queue& queue);
    /// The Orange token, fetched when missing or about to expire; "" when it could not be had.
    std::string orange_token();

    std::string url_;
    secrets keys_;
    baro::metrics& metrics_;
    text_lookup texts_;
    sender_options options_;
    std::chrono::seconds timeout_;
    std::string orange_token_;
    std::chrono::steady_clock::time_point orange_expiry_{};
    std::chrono::steady_clock::time_point next_expiry_{};
    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = false, stopping_ = false;
    std::thread thread_;
};

}  // namespace baro::outbox
