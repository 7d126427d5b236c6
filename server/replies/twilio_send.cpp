#include "replies/twilio_send.hpp"

#include "core/form.hpp"

namespace baro::replies {

outbound_request twilio_send_request(twilio_send_keys const& keys, std::string const& auth_token, reply_message const& m)
{
    std::string const prefix = m.channel == "whatsapp" ? "whatsapp:" : "";
    outbound_request r;
    r.url = keys.api_base + "/2010-04-01/Accounts/" + url_encode(keys.account_sid) + "/Messages.json";
    r.headers = {{"Authorization", basic_auth(keys.account_sid, auth_token)},
                 {"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
    r.body =
        form_body({{"To", prefix + m.recipient}, {"From", prefix + (keys.from.empty() ? m.route : keys.from)}, {"Body", m.text}});
    return r;
}

}  // namespace baro::replies
