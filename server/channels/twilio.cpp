#include "channels/twilio.hpp"

#include "channels/parse_support.hpp"
#include "channels/sender.hpp"
#include "core/crypto.hpp"
#include "core/markup.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace baro::channels {

namespace {

struct url_variants
{
    std::string with_port;
    std::string without_port;
};

// Twilio's libraries try the URL both with its port (the scheme's default added when absent) and
// with any port removed, because proxies differ on whether the port reaches the application.
url_variants port_variants(std::string_view url)
{
    auto const scheme_end = url.find("://");
    if(scheme_end == std::string_view::npos)
        return {std::string(url), std::string(url)};
    auto const host_begin = scheme_end + 3;
    auto const authority_end = std::min(url.find_first_of("/?#", host_begin), url.size());
    auto const authority = url.substr(host_begin, authority_end - host_begin);
    auto const at = authority.rfind('@');
    auto const host_start = at == std::string_view::npos ? 0 : at + 1;
    auto const bracket = authority.rfind(']');
    auto colon = authority.rfind(':');
    if(colon != std::string_view::npos && (colon < host_start || (bracket != std::string_view::npos && colon < bracket)))
        colon = std::string_view::npos;

    auto const head = url.substr(0, host_begin);
    auto const host = colon == std::string_view::npos ? authority : authority.substr(0, colon);
    auto const tail = url.substr(authority_end);
    auto const scheme = url.substr(0, scheme_end);
    std::string const default_port = scheme == "https" || scheme == "HTTPS" ? ":443" : ":80";

    url_variants v;
    v.without_port = std::string(head).append(host).append(tail);
    v.with_port =
        colon == std::string_view::npos ? std::string(head).append(host).append(default_port).append(tail) : std::string(url);
    return v;
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string strip_prefix(std::string_view s, std::string_view prefix)
{
    return std::string(s.substr(0, prefix.size()) == prefix ? s.substr(prefix.size()) : s);
}

}  // namespace

std::string twilio_signature(std::string_view auth_token, std::string_view url, form_fields const& params)
{
    // As twilio-python: names sorted, each name's distinct values sorted; byte order equals code point order.
    std::vector<std::pair<std::string_view, std::string_view>> sorted(params.begin(), params.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string data(url);
    for(auto const& [name, value] : sorted)
        data.append(name).append(value);
    return crypto::base64(crypto::hmac_sha1(auth_token, data));
}

bool verify_twilio(std::string_view auth_token, std::string_view url, form_fields const& params,
                   std::string_view signature_header)
{
    if(auth_token.empty() || is_blank(signature_header))
        return false;
    auto const urls = port_variants(url);
    bool const with_port = crypto::equal_constant_time(twilio_signature(auth_token, urls.with_port, params), signature_header);
    bool const without_port =
        crypto::equal_constant_time(twilio_signature(auth_token, urls.without_port, params), signature_header);
    return with_port || without_port;
}

result<inbound_batch> parse_twilio(form_fields const& params)
{
    auto sid = field(params, "MessageSid");
    if(! sid)
        sid = field(params, "SmsSid");
    if(! sid || sid->empty())
        return fail(errc::bad_request, "Twilio delivery lacks MessageSid", "MessageSid");
    auto const body = field(params, "Body");
    if(! body)
    {
        if(field(params, "MessageStatus") || field(params, "SmsStatus"))
            return inbound_batch{};
        return fail(errc::bad_request, "Twilio delivery lacks Body", "Body");
    }
    auto from = detail::required_field(params, "From", "Twilio");
    if(! from)
        return std::move(from).err();
    if(is_blank(*from))
        return fail(errc::bad_request, "Twilio delivery has an empty From", "From");

    inbound_message m;
    m.channel = from->rfind("whatsapp:", 0) == 0 ? "whatsapp" : "sms";
    m.provider = "twilio";
    m.external_id = std::move(*sid);
    m.sender_id = normalize_phone(strip_prefix(*from, "whatsapp:"));
    m.recipient = normalize_phone(strip_prefix(field(params, "To").value_or(""), "whatsapp:"));
    m.text = *body;
    // MMS and WhatsApp media: the first medium, fetched from its MediaUrl with the account's basic
    // auth after the commit. Body is "" when no caption came.
    if(auto const n = field(params, "NumMedia"); n && *n != "0" && ! n->empty())
        if(auto url = field(params, "MediaUrl0"); url && ! url->empty())
        {
            auto type = field(params, "MediaContentType0").value_or("");
            auto const kind = type.rfind("image/", 0) == 0 ? "image" : "audio";
            m.media = media_ref{kind, std::move(*url), std::move(type)};
        }
    return inbound_batch{std::move(m)};
}

std::string twiml_reply(std::string_view message)
{
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
    if(message.empty())
        return out + "<Response/>";
    out += "<Response><Message>" + xml_escape(message);
    return out + "</Message></Response>";
}

}  // namespace baro::channels
