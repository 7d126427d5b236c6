#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

namespace baro::replies {

/// Telegram Bot API sendMessage: POST {api_base}/bot{token}/sendMessage, JSON {"chat_id", "text"};
/// a private chat's id is its user's id. No idempotency key exists. Pure.
outbound_request telegram_send_request(telegram_send_keys const& keys, reply_message const& m);

}  // namespace baro::replies
