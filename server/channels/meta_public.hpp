#pragma once
// Public posts delivered to the Meta webhook: a Page's `feed` (comments, replies, visitor posts) and
// an Instagram account's `comments` and `mentions`. Called by parse_meta; pure.
#include "channels/inbound_message.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace baro::channels::detail {

/// The public post or comment of one Page `feed` change `value` (Page `page_id`): added, edited or
/// removed by its author. The Page's own posts and comments, reactions and likes are skipped.
void page_feed_change(nlohmann::json const& value, std::string const& page_id, inbound_batch& batch);

/// The comment of one Instagram `comments` or `mentions` change `value` (account `account_id`, entry
/// time `time`). A mention that carries no text (Meta sends only ids) is skipped.
void instagram_change(nlohmann::json const& value, std::string const& account_id, std::int64_t time, inbound_batch& batch);

}  // namespace baro::channels::detail
