#include "channels/x.hpp"

#include "channels/gateway_auth.hpp"
#include "channels/parse_support.hpp"
#include "channels/sender.hpp"
#include "core/crypto.hpp"

#include <cctype>

namespace baro::channels {

using detail::id_at;
using detail::member;
using detail::text_at;
using nlohmann::json;

namespace {

// X writes ids twice: `id` (a number too large for a double) and `id_str`; the string is the id.
std::string tweet_id(json const& obj, std::string_view where)
{
    return obj.contains("id_str") ? text_at(obj, "id_str", where) : id_at(obj, "id", where);
}

std::string optional_text(json const& obj, char const* key)
{
    return obj.is_object() && obj.contains(key) && obj.at(key).is_string() ? obj.at(key).get<std::string>() : std::string();
}

// The whole text: a tweet over 140 characters comes `truncated`, its text in extended_tweet.
json const& full_tweet(json const& tweet)
{
    if(tweet.value("truncated", false) && tweet.contains("extended_tweet") && tweet.at("extended_tweet").is_object())
        return tweet.at("extended_tweet");
    return tweet;
}

std::string tweet_text(json const& tweet)
{
    auto const& full = full_tweet(tweet);
    if(auto t = optional_text(full, "full_text"); ! t.empty())
        return t;
    return optional_text(full, "text");
}

std::string lower_ascii(std::string s)
{
    for(auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::int64_t timestamp_seconds(json const& obj)
{
    auto const ms = optional_text(obj, "timestamp_ms");
    if(ms.size() < 4 || ms.size() > 16 || ms.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(ms) / 1000;
}

void tweet_created(json const& tweet, std::string const& account, inbound_batch& batch)
{
    if(! tweet.is_object() || tweet.contains("retweeted_status"))
        return;  // a retweet repeats someone else's words
    auto const author = tweet_id(member(tweet, "user", "tweet"), "tweet.user");
    if(author == account)
        return;  // the campaign's own posts
    inbound_message m;
    m.channel = "x";
    m.provider = "x";
    m.external_id = tweet_id(tweet, "tweet");
    m.sender_id = platform_sender("x", author);
    m.recipient = account;
    m.text = tweet_text(tweet);
    post_source src;
    src.in_reply_to = optional_text(tweet, "in_reply_to_status_id_str");
    if(tweet.contains("quoted_status") && tweet.at("quoted_status").is_object())
    {
        auto const& quoted = tweet.at("quoted_status");
        if(src.in_reply_to.empty())
            src.in_reply_to = tweet_id(quoted, "tweet.quoted_status");
        if(quoted.contains("user") && tweet_id(quoted.at("user"), "quoted_status.user") == account)
            src.context_text = tweet_text(quoted);  // a quote of the campaign's own post
    }
    else if(src.in_reply_to.empty())
        src.in_reply_to = optional_text(tweet, "quoted_status_id_str");
    // Without the author's handle: the status id alone leads to the post.
    src.permalink = "https://x.com/i/web/status/" + m.external_id;
    src.posted_at = timestamp_seconds(tweet);
    auto const& full = full_tweet(tweet);
    auto const& entities = full.contains("entities") ? full.at("entities") : tweet.value("entities", json::object());
    for(auto const& tag : detail::array_or_empty(entities, "hashtags"))
        if(auto const t = optional_text(tag, "text"); ! t.empty())
            src.routes.push_back("x:hashtag:" + lower_ascii(t));
    if(! account.empty())
        src.routes.push_back("x:account:" + account);
    m.source = std::move(src);
    detail::append_latest(batch, std::move(m));
}

void tweet_deleted(json const& event, inbound_batch& batch)
{
    auto const& status = member(event, "status", "tweet_delete_events");
    inbound_message m;
    m.channel = "x";
    m.provider = "x";
    m.event = post_event::remove;
    m.external_id = id_at(status, "id", "tweet_delete_events.status");
    m.source = post_source{};
    detail::append_latest(batch, std::move(m));
}

}  // namespace

result<std::string> x_crc_response(form_fields const& query, std::string_view consumer_secret)
{
    auto const token = field(query, "crc_token");
    if(! token || token->empty())
        return fail(errc::bad_request, "The X CRC check lacks crc_token.", "crc_token");
    json const answer = {{"response_token", "sha256=" + crypto::base64(crypto::hmac_sha256(consumer_secret, *token))}};
    return answer.dump();
}

bool verify_x(std::string_view consumer_secret, std::string_view raw_body, std::string_view signature_header)
{
    constexpr std::string_view prefix = "sha256=";
    if(consumer_secret.empty() || signature_header.substr(0, prefix.size()) != prefix)
        return false;
    auto const expected = crypto::base64(crypto::hmac_sha256(consumer_secret, raw_body));
    return token_matches(expected, signature_header.substr(prefix.size()));
}

result<inbound_batch> parse_x(std::string_view raw_body)
{
    auto j = detail::parse_object(raw_body, "X");
    if(! j)
        return std::move(j).err();
    return detail::guarded<inbound_batch>("X", [&]() -> result<inbound_batch> {
        inbound_batch batch;
        auto const& creates = detail::array_or_empty(*j, "tweet_create_events");
        auto const& deletes = detail::array_or_empty(*j, "tweet_delete_events");
        if(creates.empty() && deletes.empty())
            return batch;  // likes, follows, direct messages: nothing public to keep
        auto const account = id_at(*j, "for_user_id", "");
        for(auto const& tweet : creates)
            tweet_created(tweet, account, batch);
        for(auto const& event : deletes)
            tweet_deleted(event, batch);
        return batch;
    });
}

}  // namespace baro::channels
