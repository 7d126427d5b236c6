#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace baro::replies {

/// A reply is given up after this many attempts (about 4 minutes of backoff in all)…
constexpr int max_attempts = 8;
/// …or when it is older than this: an acknowledgement a day late helps nobody.
constexpr auto max_age = std::chrono::hours(24);
/// WhatsApp and Messenger let a business answer only within 24 hours of the person's last message.
constexpr auto customer_service_window = std::chrono::hours(24);

/// The send client that answers a message received from `inbound_provider` on `channel`: "twilio",
/// "africastalking", "orange", "whatsapp", "messenger", "telegram", "smssync" (the phone fetches
/// its replies); "" when none does (a USSD session, whose END screen already thanks the citizen). Pure.
std::string send_provider(std::string_view inbound_provider, std::string_view channel);

/// True when the secrets hold what `provider` (a send_provider() name) needs to send.
bool can_send(secrets const& keys, std::string_view provider);

/// The language of a reply to a message detected as `language`: "bm", "en", else "fr".
std::string reply_language(std::string_view language);

/// How long to wait before attempt `attempts` + 1, after `attempts` failed ones: 1 s, 2 s, 4 s, …,
/// at most an hour.
std::chrono::seconds retry_delay(int attempts);

/// What a provider's answer means for the reply.
enum class send_verdict
{
    sent,     ///< 2xx: the provider took it
    retry,    ///< no answer, 408, 429, 5xx, or an expired token (401): try again later
    give_up,  ///< any other 4xx: the request itself is refused (bad number, blocked user)
};

/// The verdict for HTTP status `status` (0: no answer: timeout, connection refused, TLS failure).
send_verdict judge(long status);

/// False when `provider` may no longer message someone whose last message is `since` old.
bool within_window(std::string_view provider, std::string_view channel, std::chrono::seconds since);

/// The request that sends `m` through its provider; `orange_token` is the cached OAuth2 token. Pure.
outbound_request send_request(secrets const& keys, reply_message const& m, std::string const& orange_token);

}  // namespace baro::replies
