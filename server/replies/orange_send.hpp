#pragma once
#include "core/secrets.hpp"
#include "replies/outbound.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace baro::replies {

/// Orange's OAuth2 token request: POST {api_base}/oauth/v3/token, HTTP basic auth (client id,
/// client secret), grant_type=client_credentials. Pure.
outbound_request orange_token_request(orange_send_keys const& keys);

/// An access token and how long it lives.
struct orange_token
{
    std::string access_token;
    std::chrono::seconds expires_in{0};
};

/// The token answer ({"access_token": …, "expires_in": 3600}); nullopt when it is not one. Pure.
std::optional<orange_token> parse_orange_token(std::string_view body);

/// Orange SMS API (GSMA OneAPI): POST {api_base}/smsmessaging/v1/outbound/{senderAddress}/requests,
/// bearer token, JSON outboundSMSMessageRequest with address, senderAddress, outboundSMSTextMessage
/// and clientCorrelator = the reply's idempotency key (OneAPI: a retried request with the same
/// clientCorrelator is not sent twice). Pure.
outbound_request orange_send_request(orange_send_keys const& keys, std::string const& token, reply_message const& m);

}  // namespace baro::replies
