#include "replies/telegram_send.hpp"

#include <nlohmann/json.hpp>

namespace baro::replies {

outbound_request telegram_send_request(telegram_send_keys const& keys, reply_message const& m)
{
    outbound_request r;
    r.url = keys.api_base + "/bot" + keys.bot_token + "/sendMessage";
    r.headers = {{"Content-Type", "application/json"}};
    r.body = nlohmann::json{{"chat_id", platform_id(m.recipient)}, {"text", m.text}}.dump();
    return r;
}

}  // namespace baro::replies
