#pragma once
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <string>

namespace baro::channels {

/// An incoming SMS callback (from, to, text, date, id, linkId, networkCode). Africa's Talking signs
/// nothing: the caller checks the path token (token_matches) and the source address (address_allowed).
result<inbound_batch> parse_africastalking_sms(form_fields const& fields);

/// One step of a USSD session as Africa's Talking posts it.
struct ussd_request
{
    std::string session_id;    ///< sessionId, the same for every step of one dial
    std::string service_code;  ///< serviceCode, e.g. "*384*123#"
    std::string phone_number;  ///< phoneNumber, normalized to E.164
    std::string network_code;  ///< networkCode
    std::string text;          ///< every answer so far, joined with '*'; empty on the first step
};

/// Parses a USSD callback; sessionId and phoneNumber are required, text may be empty.
result<ussd_request> parse_africastalking_ussd(form_fields const& fields);

/// The message a finished USSD session carries: channel "ussd", external_id the session id (one
/// contribution per session), recipient the service code.
inbound_message ussd_inbound(ussd_request const& request, std::string text);

}  // namespace baro::channels
