#include "replies/africastalking_send.hpp"

namespace baro::replies {

outbound_request africastalking_send_request(africastalking_send_keys const& keys, reply_message const& m)
{
    outbound_request r;
    r.url = keys.api_base + "/version1/messaging";
    r.headers = {{"apiKey", keys.api_key}, {"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    std::vector<std::pair<std::string, std::string>> fields{
        {"username", keys.username}, {"to", m.recipient}, {"message", m.text}};
    if(auto const& from = keys.from.empty() ? m.route : keys.from; ! from.empty())
        fields.emplace_back("from", from);
    r.body = form_body(fields);
    return r;
}

}  // namespace baro::replies
