#include "channels/africastalking.hpp"

#include "channels/parse_support.hpp"
#include "channels/sender.hpp"

namespace baro::channels {

namespace {
constexpr std::string_view provider = "Africa's Talking";

bool blank(std::string const& s) { return s.find_first_not_of(" \t") == std::string::npos; }
}  // namespace

result<inbound_batch> parse_africastalking_sms(form_fields const& fields)
{
    auto from = detail::required_field(fields, "from", provider);
    if(! from)
        return std::move(from).err();
    auto id = detail::required_field(fields, "id", provider);
    if(! id)
        return std::move(id).err();
    auto text = detail::required_field(fields, "text", provider);
    if(! text)
        return std::move(text).err();
    if(blank(*from) || blank(*id))
        return fail(errc::bad_request, "Africa's Talking delivery has an empty from or id");

    inbound_message m;
    m.channel = "sms";
    m.provider = "africastalking";
    m.external_id = std::move(*id);
    m.sender_id = normalize_phone(*from);
    m.recipient = normalize_phone(field(fields, "to").value_or(""));
    m.text = std::move(*text);
    return inbound_batch{std::move(m)};
}

result<ussd_request> parse_africastalking_ussd(form_fields const& fields)
{
    auto session = detail::required_field(fields, "sessionId", provider);
    if(! session)
        return std::move(session).err();
    auto phone = detail::required_field(fields, "phoneNumber", provider);
    if(! phone)
        return std::move(phone).err();
    if(blank(*session) || blank(*phone))
        return fail(errc::bad_request, "Africa's Talking USSD step has an empty sessionId or phoneNumber");

    ussd_request r;
    r.session_id = std::move(*session);
    r.phone_number = normalize_phone(*phone);
    r.service_code = field(fields, "serviceCode").value_or("");
    r.network_code = field(fields, "networkCode").value_or("");
    r.text = field(fields, "text").value_or("");
    return r;
}

inbound_message ussd_inbound(ussd_request const& request, std::string text)
{
    inbound_message m;
    m.channel = "ussd";
    m.provider = "africastalking";
    m.external_id = request.session_id;
    m.sender_id = request.phone_number;
    m.recipient = request.service_code;
    m.text = std::move(text);
    return m;
}

}  // namespace baro::channels
