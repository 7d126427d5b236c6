#include "replies/media_fetch.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace baro::replies {

namespace {

bool plain_id(std::string_view s)
{
    return ! s.empty() && s.size() <= 256 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
    });
}

bool web_url(std::string_view s) { return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0; }

outbound_request get(std::string url)
{
    outbound_request r;
    r.method = "GET";
    r.url = std::move(url);
    return r;
}

error bad(std::string message, char const* key) { return fail(errc::unprocessable, std::move(message), "", key); }

// A member of the lookup's answer as a string, or "" when absent or of another type: the answer comes
// from the network, and a wrong type is a refused lookup, never an exception.
std::string string_member(nlohmann::json const& j, char const* key)
{
    auto const found = j.find(key);
    return found != j.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

bool media_needs_lookup(std::string_view provider) { return provider == "whatsapp" || provider == "telegram"; }

result<outbound_request> media_first_request(secrets const& keys, std::string_view provider, std::string_view reference)
{
    if(provider == "whatsapp")
    {
        if(keys.meta_send.access_token.empty())
            return bad("no Graph API access token", "no_credentials");
        if(! plain_id(reference))
            return bad("WhatsApp media id of an unexpected shape", "reference");
        auto r = get(keys.meta_send.api_base + "/" + keys.meta_send.api_version + "/" + std::string(reference));
        r.headers.emplace_back("Authorization", "Bearer " + keys.meta_send.access_token);
        return r;
    }
    if(provider == "telegram")
    {
        if(keys.telegram_send.bot_token.empty())
            return bad("no Telegram bot token", "no_credentials");
        if(! plain_id(reference))
            return bad("Telegram file_id of an unexpected shape", "reference");
        return get(keys.telegram_send.api_base + "/bot" + keys.telegram_send.bot_token + "/getFile?" +
                   form_body({{"file_id", std::string(reference)}}));
    }
    if(provider == "twilio")
    {
        if(keys.twilio_send.account_sid.empty() || keys.twilio_auth_token.empty())
            return bad("no Twilio Account SID and Auth Token", "no_credentials");
        if(reference.rfind(keys.twilio_send.api_base + "/", 0) != 0)
            return bad("Twilio MediaUrl outside the Twilio API", "reference");
        auto r = get(std::string(reference));
        r.headers.emplace_back("Authorization", basic_auth(keys.twilio_send.account_sid, keys.twilio_auth_token));
        return r;
    }
    if(provider == "messenger")
    {
        if(! web_url(reference))
            return bad("Messenger attachment URL is not a web URL", "reference");
        return get(std::string(reference));
    }
    return bad("no media client for this provider", "reference");
}

result<outbound_request> media_download_request(secrets const& keys, std::string_view provider, std::string_view lookup_body)
{
    auto const j = nlohmann::json::parse(lookup_body, nullptr, false);
    if(! j.is_object())
        return bad("the media lookup answered no JSON object", "lookup");
    if(provider == "whatsapp")
    {
        auto const url = string_member(j, "url");
        if(! web_url(url))
            return bad("the Graph API gave no media URL", "lookup");
        auto r = get(url);
        r.headers.emplace_back("Authorization", "Bearer " + keys.meta_send.access_token);
        return r;
    }
    if(provider == "telegram")
    {
        auto const ok = j.find("ok");
        auto const result = j.find("result");
        auto const path = ok != j.end() && *ok == true && result != j.end() && result->is_object()
                              ? string_member(*result, "file_path")
                              : std::string();
        if(path.empty() || path.find("..") != std::string::npos || path.find_first_of("?#") != std::string::npos)
            return bad("getFile gave no file_path", "lookup");
        return get(keys.telegram_send.api_base + "/file/bot" + keys.telegram_send.bot_token + "/" + path);
    }
    return bad("no lookup for this provider", "lookup");
}

}  // namespace baro::replies
