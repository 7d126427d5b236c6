#include "app/config.hpp"

#include "channels/gateway_auth.hpp"
#include "core/crypto.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace baro::app {

using nlohmann::json;

namespace {

std::string lookup(std::map<std::string, std::string> const& env, json const& file, char const* var, char const* key)
{
    if(auto it = env.find(var); it != env.end() && ! it->second.empty())
        return it->second;
    if(file.is_object() && file.contains(key) && file.at(key).is_string())
        return file.at(key).get<std::string>();
    if(file.is_object() && file.contains(key) && file.at(key).is_number_unsigned())
        return std::to_string(file.at(key).get<unsigned long long>());
    return {};
}

result<unsigned> parse_count(std::string const& s, char const* var, unsigned max)
{
    unsigned v = 0;
    auto const [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if(ec != std::errc{} || p != s.data() + s.size() || v > max)
        return fail(errc::bad_request,
                    std::string(var) + ": expected a whole number from 0 to " + std::to_string(max) + ", got \"" + s + "\"");
    return v;
}

std::string str(json const& j, char const* section, char const* key)
{
    if(! j.contains(section) || ! j.at(section).is_object())
        return {};
    auto const& s = j.at(section);
    return s.contains(key) && s.at(key).is_string() ? s.at(key).get<std::string>() : std::string{};
}

// A configured value, else the default already in `value`.
void set_if(json const& j, char const* section, char const* key, std::string& value)
{
    if(auto v = str(j, section, key); ! v.empty())
        value = std::move(v);
}

// The send side of each provider (issue 15): without outbox.key nothing is ever queued, and a
// provider without its send credentials sends nothing.
status parse_send_keys(json const& j, secrets& out)
{
    if(auto const hex = str(j, "outbox", "key"); ! hex.empty())
    {
        out.outbox_key = crypto::from_hex(hex);
        if(hex.size() != 2 * crypto::secretbox_key_bytes || out.outbox_key.size() != crypto::secretbox_key_bytes)
            return fail(errc::bad_request, "secrets file: outbox.key must be 64 hex characters (openssl rand -hex 32)");
    }
    set_if(j, "twilio", "account_sid", out.twilio_send.account_sid);
    set_if(j, "twilio", "from", out.twilio_send.from);
    set_if(j, "twilio", "api_base", out.twilio_send.api_base);
    set_if(j, "africastalking", "username", out.at_send.username);
    set_if(j, "africastalking", "api_key", out.at_send.api_key);
    set_if(j, "africastalking", "from", out.at_send.from);
    set_if(j, "africastalking", "api_base", out.at_send.api_base);
    set_if(j, "orange", "client_id", out.orange_send.client_id);
    set_if(j, "orange", "client_secret", out.orange_send.client_secret);
    set_if(j, "orange", "sender_address", out.orange_send.sender_address);
    set_if(j, "orange", "api_base", out.orange_send.api_base);
    set_if(j, "meta", "access_token", out.meta_send.access_token);
    set_if(j, "meta", "api_base", out.meta_send.api_base);
    set_if(j, "meta", "api_version", out.meta_send.api_version);
    set_if(j, "telegram", "bot_token", out.telegram_send.bot_token);
    set_if(j, "telegram", "api_base", out.telegram_send.api_base);
    return ok_t{};
}

}  // namespace

unsigned connection_cap(unsigned configured, std::uint64_t nofile)
{
    std::uint64_t const fits = nofile > 2 * descriptor_reserve ? nofile - descriptor_reserve : nofile / 2;
    std::uint64_t const cap = configured == 0 || configured > fits ? fits : configured;
    return static_cast<unsigned>(std::min<std::uint64_t>(cap, 1'000'000));
}

result<std::pair<std::string, unsigned short>> parse_listen(std::string const& s)
{
    auto const colon = s.rfind(':');
    if(colon == std::string::npos || colon == 0)
        return fail(errc::bad_request, "BARO_LISTEN: expected host:port, got \"" + s + "\"");
    std::string host = s.substr(0, colon);
    if(host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    auto const port_text = s.substr(colon + 1);
    unsigned port = 0;
    auto const [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if(ec != std::errc{} || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
        return fail(errc::bad_request, "BARO_LISTEN: port must be 1 to 65535, got \"" + port_text + "\"");
    return std::make_pair(host, static_cast<unsigned short>(port));
}

status parse_secrets(std::string const& json_text, secrets& out)
{
    auto const j = json::parse(json_text, nullptr, false);
    if(j.is_discarded() || ! j.is_object())
        return fail(errc::bad_request, "secrets file: not a JSON object");
    if(! j.contains("pepper") || ! j.at("pepper").is_string())
        return fail(errc::bad_request, "secrets file: \"pepper\" (64 hex characters) is missing");
    auto const pepper_hex = j.at("pepper").get<std::string>();
    out.pepper = crypto::from_hex(pepper_hex);
    if(pepper_hex.size() != 64 || out.pepper.size() != 32)
        return fail(errc::bad_request, "secrets file: \"pepper\" must be 64 hex characters");
    out.twilio_auth_token = str(j, "twilio", "auth_token");
    out.at_sms_token = str(j, "africastalking", "sms_token");
    out.at_ussd_token = str(j, "africastalking", "ussd_token");
    if(j.contains("africastalking") && j.at("africastalking").is_object() && j.at("africastalking").contains("allow_from"))
    {
        auto const& a = j.at("africastalking").at("allow_from");
        if(! a.is_array())
            return fail(errc::bad_request, "secrets file: africastalking.allow_from must be a list of addresses");
        for(auto const& v : a)
        {
            if(! v.is_string())
                return fail(errc::bad_request, "secrets file: africastalking.allow_from must hold strings");
            out.at_allow_from.push_back(v.get<std::string>());
        }
    }
    out.orange_token = str(j, "orange", "token");
    out.meta_app_secret = str(j, "meta", "app_secret");
    out.meta_verify_token = str(j, "meta", "verify_token");
    out.telegram_secret_token = str(j, "telegram", "secret_token");
    out.smssync_secret = str(j, "smssync", "secret");
    out.x_consumer_secret = str(j, "x", "consumer_secret");
    return parse_send_keys(j, out);
}

namespace {

// A list setting: the environment variable, comma-separated, else the config file's list of strings.
result<std::vector<std::string>> string_list(std::map<std::string, std::string> const& env, json const& file,
                                             std::string const& variable, std::string const& key)
{
    std::vector<std::string> out;
    if(auto it = env.find(variable); it != env.end())
    {
        std::string_view rest = it->second;
        while(! rest.empty())
        {
            auto const comma = rest.find(',');
            auto word = rest.substr(0, comma);
            while(! word.empty() && word.front() == ' ')
                word.remove_prefix(1);
            while(! word.empty() && word.back() == ' ')
                word.remove_suffix(1);
            if(! word.empty())
                out.emplace_back(word);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        return out;
    }
    if(! file.contains(key))
        return out;
    auto const& list = file.at(key);
    if(! list.is_array())
        return fail(errc::bad_request, "--config: \"" + key + "\" must be a list of strings");
    for(auto const& w : list)
    {
        if(! w.is_string() || w.get<std::string>().empty())
            return fail(errc::bad_request, "--config: \"" + key + "\" must hold non-empty strings");
        out.push_back(w.get<std::string>());
    }
    return out;
}

}  // namespace

result<config> parse_config(std::map<std::string, std::string> const& env, std::string const& json_text)
{
    json file = json::object();
    if(! json_text.empty())
    {
        file = json::parse(json_text, nullptr, false);
        if(file.is_discarded() || ! file.is_object())
            return fail(errc::bad_request, "--config: the file is not a JSON object");
    }
    config c;
    c.database_url = lookup(env, file, "BARO_DATABASE_URL", "database_url");
    if(c.database_url.empty())
        return fail(errc::bad_request, "BARO_DATABASE_URL is not set (a libpq URI, e.g. postgresql://baro@localhost:5433/baro)");
    if(c.database_url.rfind("postgresql://", 0) != 0 && c.database_url.rfind("postgres://", 0) != 0)
        return fail(errc::bad_request, "BARO_DATABASE_URL must be a libpq URI starting with postgresql://");

    c.read_database_url = lookup(env, file, "BARO_READ_DATABASE_URL", "read_database_url");
    if(! c.read_database_url.empty() && c.read_database_url.rfind("postgresql://", 0) != 0 &&
       c.read_database_url.rfind("postgres://", 0) != 0)
        return fail(errc::bad_request, "BARO_READ_DATABASE_URL must be a libpq URI starting with postgresql://");

    if(auto listen = lookup(env, file, "BARO_LISTEN", "listen"); ! listen.empty())
    {
        auto hp = parse_listen(listen);
        if(! hp)
            return std::move(hp).err();
        c.listen_host = hp->first;
        c.listen_port = hp->second;
    }
    c.public_url = lookup(env, file, "BARO_PUBLIC_URL", "public_url");
    if(c.public_url.empty())
        c.public_url = "http://" + c.listen_host + ":" + std::to_string(c.listen_port);
    if(c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0)
        return fail(errc::bad_request, "BARO_PUBLIC_URL must start with http:// or https://");
    while(c.public_url.size() > 8 && c.public_url.back() == '/')
        c.public_url.pop_back();
    c.secrets_file = lookup(env, file, "BARO_SECRETS_FILE", "secrets_file");

    if(auto t = lookup(env, file, "BARO_THREADS", "threads"); ! t.empty())
    {
        auto n = parse_count(t, "BARO_THREADS", 256);
        if(! n)
            return std::move(n).err();
        c.threads = *n;
    }
    if(auto t = lookup(env, file, "BARO_DB_THREADS", "db_threads"); ! t.empty())
    {
        auto n = parse_count(t, "BARO_DB_THREADS", 64);
        if(! n)
            return std::move(n).err();
        if(*n == 0)
            return fail(errc::bad_request, "BARO_DB_THREADS must be at least 1");
        c.db_threads = *n;
    }
    if(auto t = lookup(env, file, "BARO_OPEN_DATA_STALL_SECONDS", "open_data_stall_seconds"); ! t.empty())
    {
        auto n = parse_count(t, "BARO_OPEN_DATA_STALL_SECONDS", 3600);
        if(! n)
            return std::move(n).err();
        if(*n == 0)
            return fail(errc::bad_request, "BARO_OPEN_DATA_STALL_SECONDS must be at least 1");
        c.open_data_stall_s = *n;
    }
    if(auto t = lookup(env, file, "BARO_OUTBOX_LEASE_SECONDS", "outbox_lease_seconds"); ! t.empty())
    {
        auto n = parse_count(t, "BARO_OUTBOX_LEASE_SECONDS", 3600);
        if(! n)
            return std::move(n).err();
        if(*n < 2)
            return fail(errc::bad_request, "BARO_OUTBOX_LEASE_SECONDS must be at least 2");
        c.outbox_lease_s = *n;
    }
    c.media_dir = lookup(env, file, "BARO_MEDIA_DIR", "media_dir");
    if(auto t = lookup(env, file, "BARO_MEDIA_MAX_BYTES", "media_max_bytes"); ! t.empty())
    {
        auto n = parse_count(t, "BARO_MEDIA_MAX_BYTES", 1024u * 1024 * 1024);
        if(! n)
            return std::move(n).err();
        if(*n < 1024)
            return fail(errc::bad_request, "BARO_MEDIA_MAX_BYTES must be at least 1024");
        c.media_max_bytes = *n;
    }
    if(auto t = lookup(env, file, "BARO_OPEN_DATA_PER_ADDRESS", "open_data_per_address"); ! t.empty())
    {
        auto n = parse_count(t, "BARO_OPEN_DATA_PER_ADDRESS", 64);
        if(! n)
            return std::move(n).err();
        if(*n == 0)
            return fail(errc::bad_request, "BARO_OPEN_DATA_PER_ADDRESS must be at least 1");
        c.open_data_per_address = *n;
    }
    struct count_setting
    {
        char const* variable;
        char const* key;
        unsigned max;
        unsigned& out;
    };
    for(auto const& setting :
        {count_setting{"BARO_MAX_CONNECTIONS", "max_connections", 1'000'000, c.max_connections},
         count_setting{"BARO_MAX_CONNECTIONS_PER_ADDRESS", "max_connections_per_address", 1'000'000,
                       c.max_connections_per_address},
         count_setting{"BARO_MAX_STREAMS_PER_ADDRESS", "max_streams_per_address", 1'000'000, c.max_streams_per_address}})
        if(auto t = lookup(env, file, setting.variable, setting.key); ! t.empty())
        {
            auto n = parse_count(t, setting.variable, setting.max);
            if(! n)
                return std::move(n).err();
            setting.out = *n;
        }
    c.metrics_token = lookup(env, file, "BARO_METRICS_TOKEN", "metrics_token");
    if(! c.metrics_token.empty() && c.metrics_token.size() < 16)
        return fail(errc::bad_request, "BARO_METRICS_TOKEN / \"metrics_token\": use at least 16 characters");
    c.log_debug = lookup(env, file, "BARO_LOG", "log") == "debug";
    auto keywords = string_list(env, file, "BARO_WITHDRAWAL_KEYWORDS", "withdrawal_keywords");
    if(! keywords)
        return keywords.err();
    c.withdrawal_keywords = std::move(*keywords);
    auto proxies = string_list(env, file, "BARO_TRUSTED_PROXIES", "trusted_proxies");
    if(! proxies)
        return proxies.err();
    for(auto const& p : *proxies)
        if(! channels::valid_block(p))
            return fail(errc::bad_request,
                        "BARO_TRUSTED_PROXIES / \"trusted_proxies\": \"" + p + "\" is not an address or a CIDR block");
    c.trusted_proxies = std::move(*proxies);
    return c;
}

}  // namespace baro::app
