#pragma once
#include <string>
#include <vector>

namespace baro {

/// Twilio's Messages API account (twilio.account_sid; the Auth Token is twilio.auth_token).
struct twilio_send_keys
{
    std::string account_sid;
    std::string from;  ///< our sender; empty: the number the citizen wrote to
    std::string api_base = "https://api.twilio.com";
};

/// Africa's Talking SMS send account.
struct africastalking_send_keys
{
    std::string username, api_key;
    std::string from;  ///< short code or sender id; empty: the account's default
    std::string api_base = "https://api.africastalking.com";
};

/// Orange SMS API application (OAuth2 client credentials).
struct orange_send_keys
{
    std::string client_id, client_secret;
    std::string sender_address;  ///< "tel:+223…"; empty: the number the citizen wrote to
    std::string api_base = "https://api.orange.com";
};

/// WhatsApp Cloud API and Messenger Send API (one Graph API access token).
struct meta_send_keys
{
    std::string access_token;
    std::string api_base = "https://graph.facebook.com";
    std::string api_version = "v19.0";
};

/// Telegram Bot API.
struct telegram_send_keys
{
    std::string bot_token;
    std::string api_base = "https://api.telegram.org";
};

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
    /// Raw 32 bytes (outbox.key, 64 hex characters): seals citizens' addresses in the outbox. Empty:
    /// no reply is ever queued.
    std::string outbox_key;
    twilio_send_keys twilio_send;
    africastalking_send_keys at_send;
    orange_send_keys orange_send;
    meta_send_keys meta_send;
    telegram_send_keys telegram_send;
};

}  // namespace baro
