#include "channels/meta_public.hpp"

#include "channels/parse_support.hpp"
#include "channels/sender.hpp"

#include <array>

namespace baro::channels::detail {

using nlohmann::json;

namespace {

// The string or integer member `key`, or "" when absent (optional ids of a change).
std::string optional_id(json const& obj, char const* key)
{
    if(! obj.is_object() || ! obj.contains(key) || obj.at(key).is_null())
        return {};
    return id_at(obj, key, "value");
}

std::optional<post_event> feed_event(std::string const& verb)
{
    if(verb == "add")
        return post_event::add;
    if(verb == "edited" || verb == "edit")
        return post_event::edit;
    if(verb == "remove" || verb == "delete")
        return post_event::remove;
    return std::nullopt;  // hide, unhide, block, unblock: a Page's moderation, not its author's
}

// Items that carry a citizen's words; reactions, likes, events and the rest do not.
bool text_item(std::string const& item)
{
    static constexpr std::array<char const*, 6> items = {"comment", "post", "status", "photo", "video", "share"};
    for(auto const* i : items)
        if(item == i)
            return true;
    return false;
}

// The part after "<page id>_" of a Page post id, which an organiser may give on its own.
std::string post_suffix(std::string const& post_id)
{
    auto const underscore = post_id.find('_');
    return underscore == std::string::npos ? std::string() : post_id.substr(underscore + 1);
}

std::int64_t unix_time(json const& obj, char const* key)
{
    if(! obj.is_object() || ! obj.contains(key) || ! obj.at(key).is_number_integer())
        return 0;  // absent, or an ISO date we do not need: the time we received it stands in
    return obj.at(key).get<std::int64_t>();
}

}  // namespace

void page_feed_change(json const& value, std::string const& page_id, inbound_batch& batch)
{
    auto const item = value.is_object() && value.contains("item") ? text_at(value, "item", "value") : "";
    auto const event = feed_event(value.is_object() && value.contains("verb") ? text_at(value, "verb", "value") : "");
    if(! text_item(item) || ! event)
        return;
    auto const post_id = optional_id(value, "post_id");
    auto const is_comment = item == "comment";
    inbound_message m;
    m.channel = "facebook";
    m.provider = "meta";
    m.event = *event;
    m.external_id = is_comment ? id_at(value, "comment_id", "value") : id_at(value, "post_id", "value");
    auto author = value.contains("from") ? optional_id(value.at("from"), "id") : optional_id(value, "sender_id");
    if(! page_id.empty() && author == page_id)
        return;  // the campaign's own post or reply is context, not a contribution
    if(! author.empty())
        m.sender_id = platform_sender("facebook", author);
    m.recipient = page_id;
    if(value.contains("message") && value.at("message").is_string())
        m.text = value.at("message").get<std::string>();
    post_source src;
    auto const& post = value.contains("post") && value.at("post").is_object() ? value.at("post") : json::object();
    if(is_comment)
    {
        auto const parent = optional_id(value, "parent_id");
        src.in_reply_to = parent.empty() ? post_id : parent;
        // The parent is the Page's own post when the payload says so: its text is the moderators' context.
        if(src.in_reply_to == post_id && post.contains("from") && optional_id(post.at("from"), "id") == page_id &&
           post.contains("message") && post.at("message").is_string())
            src.context_text = post.at("message").get<std::string>();
        src.permalink = "https://www.facebook.com/" + m.external_id;
    }
    else
        src.permalink = post.contains("permalink_url") && post.at("permalink_url").is_string()
                            ? post.at("permalink_url").get<std::string>()
                            : "https://www.facebook.com/" + m.external_id;
    src.posted_at = unix_time(value, "created_time");
    if(! post_id.empty())
    {
        src.routes.push_back("facebook:post:" + post_id);
        if(auto const suffix = post_suffix(post_id); ! suffix.empty())
            src.routes.push_back("facebook:post:" + suffix);
    }
    if(! page_id.empty())
        src.routes.push_back("facebook:page:" + page_id);
    m.source = std::move(src);
    append_latest(batch, std::move(m));
}

void instagram_change(json const& value, std::string const& account_id, std::int64_t time, inbound_batch& batch)
{
    if(! value.is_object())
        return;
    // A `mentions` change names only the media and comment ids; reading the text needs a Graph API
    // call with a Page token, which receiving does not have.
    auto const text_key = value.contains("text") ? "text" : value.contains("caption") ? "caption" : nullptr;
    if(! text_key || ! value.at(text_key).is_string())
        return;
    inbound_message m;
    m.channel = "instagram";
    m.provider = "meta";
    m.external_id = value.contains("id") ? id_at(value, "id", "value") : id_at(value, "comment_id", "value");
    auto const author = value.contains("from") ? optional_id(value.at("from"), "id") : "";
    if(! account_id.empty() && author == account_id)
        return;  // the account's own replies
    if(! author.empty())
        m.sender_id = platform_sender("instagram", author);
    m.recipient = account_id;
    m.text = value.at(text_key).get<std::string>();
    post_source src;
    auto const parent = optional_id(value, "parent_id");
    auto const media = value.contains("media") ? optional_id(value.at("media"), "id") : optional_id(value, "media_id");
    src.in_reply_to = parent.empty() ? media : parent;
    src.posted_at = time;
    if(! account_id.empty())
        src.routes.push_back("instagram:account:" + account_id);
    m.source = std::move(src);
    append_latest(batch, std::move(m));
}

}  // namespace baro::channels::detail
