#pragma once
#include <string>
#include <vector>

namespace baro {

/// Secrets read from BARO_SECRETS_FILE: never in the repository, never logged.
struct secrets
{
    std::string pepper;  ///< raw bytes (from 64 hex characters): key of sender pseudonyms
    std::string twilio_auth_token;
    std::string at_sms_token, at_ussd_token;
    std::vector<std::string> at_allow_from;
    std::string orange_token;
    std::string meta_app_secret, meta_verify_token;
    std::string telegram_secret_token;
    std::string smssync_secret;
    std::string x_consumer_secret;  ///< X (Twitter) app's consumer secret: CRC answers and event signatures
};

}  // namespace baro
