#pragma once
#include "core/form.hpp"
#include "core/result.hpp"
#include "store/consultations.hpp"
#include "store/queue.hpp"

namespace baro::http {

/// The moderation queue's filter from a query string: consultation (slug, or "none" for the
/// unrouted inbox), status, channel, language, region, theme, theme_state (confirmed|suggested), tag, q (free text, searched through
/// its search key), from/to (YYYY-MM-DD), order (newest|oldest), collapse=1, after (cursor), limit.
/// Unknown values are errc::unprocessable naming the field. Pure.
result<store::queue_filter> parse_queue_query(form_fields const& q, store::catalog const& catalog);

}  // namespace baro::http
