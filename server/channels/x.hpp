#pragma once
// X (Twitter) Account Activity API: the CRC challenge, the signature of events, and the public
// posts (mentions, replies, quote posts) and deletions they carry. Pure.
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace baro::channels {

/// The JSON answer to X's CRC check (`GET ?crc_token=…`, the token already URL-decoded in `query`):
/// {"response_token":"sha256=<base64 HMAC-SHA256(consumer_secret, token)>"}. errc::bad_request
/// naming crc_token when it is missing or empty.
result<std::string> x_crc_response(form_fields const& query, std::string_view consumer_secret);

/// True when `signature_header` (x-twitter-webhooks-signature, "sha256=<base64>") is
/// HMAC-SHA256(consumer_secret, raw_body) over the exact bytes received. Base64, where Meta uses hex.
bool verify_x(std::string_view consumer_secret, std::string_view raw_body, std::string_view signature_header);

/// The public posts of an Account Activity delivery: each tweet of `tweet_create_events` that is
/// a mention, reply or quote post of the subscribed account (channel "x"; its full text, with
/// `extended_tweet.full_text` when truncated), and each of `tweet_delete_events` as a removal. The
/// account's own posts and retweets without text of their own are skipped; other events (likes,
/// follows, direct messages) give an empty batch.
result<inbound_batch> parse_x(std::string_view raw_body);

}  // namespace baro::channels
