#pragma once
// Small helpers every route file shares: one copy of each.
#include "core/form.hpp"
#include "http/i18n.hpp"
#include "http/message.hpp"

#include <string>

namespace baro::http {

/// The decoded query string; empty when it is malformed.
form_fields query_of(request const& req);

/// The interface language of a request: `?lang=`, then Accept-Language, then French.
std::string request_language(request const& req);

/// The HTML 404 page people see in their language (citizen pages, embeds, results).
response page_not_found(messages const& m, std::string_view lang);

/// The JSON 404 of an unknown consultation slug.
response consultation_not_found();

/// Writes one complete response on a socket taken over by a stream route, then closes it (a
/// client that does not read it is cut after 30 s).
void answer_and_close(tcp::socket socket, response res);

}  // namespace baro::http
