#include "replies/meta_send.hpp"

#include "core/form.hpp"

#include <nlohmann/json.hpp>

namespace baro::replies {

namespace {
outbound_request graph_post(meta_send_keys const& keys, std::string const& node, nlohmann::json const& body)
{
    outbound_request r;
    r.url = keys.api_base + "/" + keys.api_version + "/" + url_encode(node) + "/messages";
    r.headers = {{"Authorization", "Bearer " + keys.access_token}, {"Content-Type", "application/json"}};
    r.body = body.dump();
    return r;
}
}  // namespace

outbound_request whatsapp_send_request(meta_send_keys const& keys, reply_message const& m)
{
    // The Cloud API takes the number as WhatsApp gives it: digits with the country code, no "+".
    auto const to = m.recipient.rfind('+', 0) == 0 ? m.recipient.substr(1) : m.recipient;
    return graph_post(keys, m.route,
                      {{"messaging_product", "whatsapp"},
                       {"recipient_type", "individual"},
                       {"to", to},
                       {"type", "text"},
                       {"text", {{"preview_url", false}, {"body", m.text}}}});
}

outbound_request messenger_send_request(meta_send_keys const& keys, reply_message const& m)
{
    return graph_post(
        keys, m.route.empty() ? "me" : m.route,
        {{"recipient", {{"id", platform_id(m.recipient)}}}, {"messaging_type", "RESPONSE"}, {"message", {{"text", m.text}}}});
}

}  // namespace baro::replies
