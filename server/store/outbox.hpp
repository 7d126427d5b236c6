#pragma once
#include "core/result.hpp"

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

/// A reply to queue in the same transaction as what it answers (the contribution, the withdrawal).
struct outbox_entry
{
    std::string kind;              ///< "ack", "withdrawal" or "closed"
    std::string provider;          ///< the send client (replies::send_provider)
    std::string route;             ///< our side: our number, WhatsApp phone_number_id, Page id
    std::string sealed;            ///< crypto::seal of the citizen's address under outbox.key (raw bytes)
    std::string language;          ///< for a withdrawal: used when the sender left nothing to read it from
    std::int64_t window_from = 0;  ///< unix seconds of the citizen's message as the provider dated it; 0: now
    /// The consultation whose settings apply when the row it answers has none: the closed one a
    /// "closed" reply speaks for (its message stays unrouted). 0: the answered row's own.
    std::int64_t consultation_id = 0;
};

/// A pending reply a sender holds under a lease.
struct claimed_reply
{
    std::int64_t id = 0;
    std::string kind, provider, channel, language, route;
    std::string sealed;                ///< raw bytes
    std::int64_t consultation_id = 0;  ///< 0: none
    std::string consultation_slug;
    std::chrono::seconds since_message{0}, age{0};
    int attempts = 0;  ///< including this one
    std::string idempotency_key;
    // The consultation × channel settings (defaults when no row): acknowledgements on, budget, texts.
    bool acknowledgements = true;
    std::int64_t daily_sms_budget = 0;
    std::int64_t sms_sent_today = 0;
    std::string custom_text;  ///< the setting's text in `language`; "" for the default
};

/// The outbox as its sender sees it: one connection of its own, opened on first use and reopened
/// after a loss. Every call is blocking: it runs on the sender's thread, never an Asio thread.
class outbox_queue
{
public:
    explicit outbox_queue(std::string url);
    ~outbox_queue();
    outbox_queue(outbox_queue const&) = delete;
    outbox_queue& operator=(outbox_queue const&) = delete;

    /// Takes up to `limit` due pending replies (FOR UPDATE SKIP LOCKED: two senders never take the
    /// same row) and holds them for `lease`; a row whose lease ran out (its sender died) is due again.
    /// Replies a gateway fetches itself (pulled_provider: SMSSync) are not taken here.
    result<std::vector<claimed_reply>> claim(std::size_t limit, std::chrono::seconds lease);
    /// Gives up the pulled replies nobody fetched within `max_age` (the phone is gone): their
    /// addresses are erased. Returns how many.
    result<std::int64_t> expire_pulled(std::chrono::seconds max_age);
    /// The provider took the reply: the address is erased with the same statement.
    status mark_sent(std::int64_t id, std::string const& provider_message_id);
    /// Another attempt after `delay`; `reason` is a key or a status, never an address.
    status mark_retry(std::int64_t id, std::chrono::seconds delay, std::string const& reason);
    /// Given up for good ("failed") or never to be sent ("skipped"); the address is erased.
    status mark_done(std::int64_t id, std::string const& final_status, std::string const& reason);

private:
    std::unique_ptr<lazy_connection> conn_;  // store/connection.hpp (pqxx stays in store/)
};

/// The provider whose replies are not pushed by the sender but fetched by the gateway itself: an
/// SMSSync phone takes them in the answer to its POST or to its `GET ?task=send`.
constexpr char const* pulled_provider = "smssync";

/// What becomes of one reply handed to a gateway that fetches them: `final_status` "sent" with the
/// address and text (the row is marked sent, address erased, provider_message_id = its uuid), or
/// "skipped" / "failed" with `reason` (address erased, nothing handed over).
struct reply_handover
{
    std::string final_status, reason;
    std::string to, text;  ///< when sent: the address and the text; they live no longer than the answer
    std::string uuid;      ///< the row's idempotency key
};

/// Claims up to `limit` due replies of `provider` and, in the same transaction, marks each as
/// `decide` says (it runs on the store thread and must not block): a reply is marked sent as it is
/// handed over, so the next fetch never hands it again. `done` gets the handovers.
void hand_over_replies(database& db, std::string provider, std::size_t limit,
                       std::function<reply_handover(claimed_reply&)> decide,
                       std::function<void(result<std::vector<reply_handover>>)> done);

/// The replies of `provider` handed over whose uuid is among `uuids`: the gateway confirms it took
/// them (SMSSync's POST ?task=sent). Each gets confirmed_at (the first confirmation's time; a
/// repeated confirmation changes nothing); the status stays "sent", so nothing is handed again.
struct confirmed_replies
{
    std::vector<std::string> uuids;  ///< the known ones, in the order given
    std::int64_t newly = 0;          ///< how many were not confirmed before
};
void confirm_handed_over(database& db, std::string provider, std::vector<std::string> uuids,
                         std::function<void(result<confirmed_replies>)> done);

}  // namespace baro::store
