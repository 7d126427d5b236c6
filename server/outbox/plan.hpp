#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace baro::store {
struct claimed_reply;
}  // namespace baro::store

namespace baro::outbox {

/// The default text of a reply: (language, key) → text, e.g. ("bm", "reply.thanks").
using text_lookup = std::function<std::string(std::string const& lang, std::string const& key)>;

/// What is to become of one claimed reply before anything is sent: the message to send, or the
/// final status it is settled with at once.
struct reply_plan
{
    std::string final_status;  ///< "": send `message`; else "failed" or "skipped", for `reason`
    std::string reason;        ///< a key (sealed, too_old, window, acknowledgements_off, budget, no_credentials)
    replies::reply_message message;
    bool counts_budget = false;    ///< a courtesy SMS (thanks, closed answer) of a consultation: it spends its budget
    std::int64_t budget_left = 0;  ///< before this one, when it counts
};

/// Decides one reply by the rules of docs/channels.md: the address opens under outbox.key, the
/// reply is under a day old, WhatsApp and Messenger only within 24 hours of the citizen's message,
/// acknowledgements and closed answers only when switched on and within the consultation's daily
/// SMS budget (`spent_in_batch`: SMS of the same consultation sent since the claim counted them);
/// a withdrawal confirmation always goes. The custom text of the settings replaces the thanks only.
reply_plan plan_reply(secrets const& keys, store::claimed_reply const& r, text_lookup const& texts, std::int64_t spent_in_batch);

/// The i18n key of the default text of a reply of `kind`: ack, withdrawal, closed.
std::string reply_text_key(std::string const& kind);

}  // namespace baro::outbox
