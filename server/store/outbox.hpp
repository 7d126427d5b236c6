#pragma once
#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baro::store {

/// A reply to queue in the same transaction as what it answers (the contribution, the withdrawal).
struct outbox_entry
{
    std::string kind;              ///< "ack" or "withdrawal"
    std::string provider;          ///< the send client (replies::send_provider)
    std::string route;             ///< our side: our number, WhatsApp phone_number_id, Page id
    std::string sealed;            ///< crypto::seal of the citizen's address under outbox.key (raw bytes)
    std::string language;          ///< for a withdrawal: used when the sender left nothing to read it from
    std::int64_t window_from = 0;  ///< unix seconds of the citizen's message as the provider dated it; 0: now
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

/// A consultation × channel's reply settings.
struct reply_setting
{
    bool acknowledgements = true;
    std::int64_t daily_sms_budget = default_daily_sms_budget;
    std::string text_fr, text_bm, text_en;  ///< "": the default text (client-web/i18n)
    static constexpr std::int64_t default_daily_sms_budget = 1000;
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
    result<std::vector<claimed_reply>> claim(std::size_t limit, std::chrono::seconds lease);
    /// The provider took the reply: the address is erased with the same statement.
    status mark_sent(std::int64_t id, std::string const& provider_message_id);
    /// Another attempt after `delay`; `reason` is a key or a status, never an address.
    status mark_retry(std::int64_t id, std::chrono::seconds delay, std::string const& reason);
    /// Given up for good ("failed") or never to be sent ("skipped"); the address is erased.
    status mark_done(std::int64_t id, std::string const& final_status, std::string const& reason);

private:
    struct connection_holder;  // the pqxx::connection, defined in outbox.cpp (pqxx stays in store/)
    template<class Fn>
    auto with_connection(char const* what, Fn&& fn);
    std::string url_;
    std::unique_ptr<connection_holder> conn_;
};

/// Creates or updates the settings of consultation `slug` × `channel` (`baro replies set`);
/// errc::not_found when no consultation has that slug.
status set_reply_setting(std::string const& url, std::string const& slug, std::string const& channel,
                         reply_setting const& setting);

/// The settings of consultation `slug` × `channel` (defaults when none were set).
result<reply_setting> load_reply_setting(std::string const& url, std::string const& slug, std::string const& channel);

}  // namespace baro::store
