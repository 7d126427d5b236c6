#pragma once
#include "core/result.hpp"
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

#include <string>
#include <string_view>

namespace baro::replies {

/// How a medium a citizen sent is fetched after the commit (issue 15), per provider (a
/// send_provider() name). Every function here is pure: outbox/ performs the requests.
///
/// - whatsapp: GET {graph}/{version}/{media-id} with the bearer token answers {"url": …}; then GET
///   that URL with the same token.
/// - telegram: GET {api}/bot{token}/getFile?file_id=… answers {"ok": true, "result": {"file_path"}};
///   then GET {api}/file/bot{token}/{file_path}.
/// - twilio: GET the MediaUrl with basic auth (Account SID, Auth Token); only a URL under the
///   configured Twilio API base is fetched, so the credentials never go elsewhere.
/// - messenger: GET the attachment's payload URL, no credentials.

/// True when `provider` first asks its API where the file is (whatsapp, telegram).
bool media_needs_lookup(std::string_view provider);

/// The first request: the lookup (whatsapp, telegram) or the download itself (twilio, messenger).
/// Errors (unprocessable, key "reference" or "no_credentials"): a reference of the wrong shape, a
/// Twilio URL outside its API, or missing credentials.
result<outbound_request> media_first_request(secrets const& keys, std::string_view provider, std::string_view reference);

/// The download request from the lookup's answer; errc::unprocessable when it names no file.
result<outbound_request> media_download_request(secrets const& keys, std::string_view provider, std::string_view lookup_body);

}  // namespace baro::replies
