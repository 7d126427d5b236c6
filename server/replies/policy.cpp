#include "replies/policy.hpp"

#include "replies/africastalking_send.hpp"
#include "replies/meta_send.hpp"
#include "replies/orange_send.hpp"
#include "replies/telegram_send.hpp"
#include "replies/twilio_send.hpp"

#include <algorithm>

namespace baro::replies {

std::string send_provider(std::string_view inbound_provider, std::string_view channel)
{
    if(inbound_provider == "twilio" && (channel == "sms" || channel == "whatsapp"))
        return "twilio";
    if(inbound_provider == "africastalking" && channel == "sms")
        return "africastalking";
    if(inbound_provider == "orange" && channel == "sms")
        return "orange";
    if(inbound_provider == "meta" && (channel == "whatsapp" || channel == "messenger"))
        return std::string(channel);
    if(inbound_provider == "telegram" && channel == "telegram")
        return "telegram";
    if(inbound_provider == "smssync" && channel == "sms")
        return "smssync";  // not sent by the outbox's thread: the phone fetches it (pulled_provider)
    return {};
}

bool can_send(secrets const& keys, std::string_view provider)
{
    if(keys.outbox_key.empty())
        return false;
    if(provider == "twilio")
        return ! keys.twilio_send.account_sid.empty() && ! keys.twilio_auth_token.empty();
    if(provider == "africastalking")
        return ! keys.at_send.username.empty() && ! keys.at_send.api_key.empty();
    if(provider == "orange")
        return ! keys.orange_send.client_id.empty() && ! keys.orange_send.client_secret.empty();
    if(provider == "whatsapp" || provider == "messenger")
        return ! keys.meta_send.access_token.empty();
    if(provider == "telegram")
        return ! keys.telegram_send.bot_token.empty();
    if(provider == "smssync")
        return ! keys.smssync_secret.empty();  // the phone sends: nothing to pay, no credentials of ours
    return false;
}

std::string reply_language(std::string_view language)
{
    return language == "bm" || language == "en" ? std::string(language) : "fr";
}

std::chrono::seconds retry_delay(int attempts)
{
    auto const doublings = std::clamp(attempts - 1, 0, 12);
    return std::min<std::chrono::seconds>(std::chrono::seconds(1LL << doublings), std::chrono::hours(1));
}

send_verdict judge(long status)
{
    if(status >= 200 && status < 300)
        return send_verdict::sent;
    if(status == 0 || status == 401 || status == 408 || status == 429 || status >= 500)
        return send_verdict::retry;
    return send_verdict::give_up;
}

bool within_window(std::string_view provider, std::string_view channel, std::chrono::seconds since)
{
    bool const windowed = provider == "whatsapp" || provider == "messenger" || (provider == "twilio" && channel == "whatsapp");
    return ! windowed || since < customer_service_window;
}

outbound_request send_request(secrets const& keys, reply_message const& m, std::string const& orange_token)
{
    if(m.provider == "twilio")
        return twilio_send_request(keys.twilio_send, keys.twilio_auth_token, m);
    if(m.provider == "africastalking")
        return africastalking_send_request(keys.at_send, m);
    if(m.provider == "orange")
        return orange_send_request(keys.orange_send, orange_token, m);
    if(m.provider == "whatsapp")
        return whatsapp_send_request(keys.meta_send, m);
    if(m.provider == "messenger")
        return messenger_send_request(keys.meta_send, m);
    return telegram_send_request(keys.telegram_send, m);
}

}  // namespace baro::replies
