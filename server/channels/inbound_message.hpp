#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baro::channels {

/// What an event on a public post or comment asks for: a new one, its author's edit, its removal.
enum class post_event
{
    add,
    edit,
    remove,  ///< the author deleted it: a withdrawal of that one contribution
};

/// Where a public post (Facebook, Instagram, X) came from: shown to moderators; the public sees
/// only the platform, and the permalink on a consultation that shows source links.
struct post_source
{
    std::string permalink;       ///< the post's URL on the platform; "" when the delivery gives none
    std::string in_reply_to;     ///< the platform id of the post or comment it answers; "" when none
    std::string context_text;    ///< that post's text, when the campaign's own account wrote it
    std::int64_t posted_at = 0;  ///< the platform's date, seconds since 1970; 0 when not given
    /// The routing forms it answers to, most specific first ("facebook:post:…", "x:hashtag:…",
    /// then "facebook:page:…", "x:account:…"): the first one a consultation names takes it.
    std::vector<std::string> routes;
};

/// A voice note or picture a message carried (issue 15): what the provider calls it, to fetch after
/// the commit. The reference is the provider's own (WhatsApp media id, Twilio MediaUrl, Telegram
/// file_id, Messenger attachment URL); ingest seals it before it is stored.
struct media_ref
{
    std::string kind;           ///< "audio" or "image"
    std::string reference;
    std::string declared_type;  ///< the provider's word (e.g. "audio/ogg"): shown, never trusted
};

/// One citizen message as a gateway delivered it, provider-neutral. The sender id is raw here and
/// must be pseudonymized by ingest/ before anything is stored or logged.
struct inbound_message
{
    std::string channel;      ///< "sms", "whatsapp", "messenger", "telegram", "ussd"; "facebook", "instagram", "x"
    std::string provider;     ///< "twilio", "africastalking", "orange", "meta", "telegram", "smssync"
    std::string external_id;  ///< the provider's message id (or a hash when the provider gives none)
    std::string sender_id;    ///< normalized: E.164 for phones, platform id otherwise. Never stored.
    std::string recipient;    ///< our number, short code, page or bot: used for routing
    std::string text;         ///< the text bytes as received (may not be UTF-8)
    bool recoded = false;     ///< the gateway sent Latin-1/windows-1252, already decoded to UTF-8 here
    post_event event = post_event::add;
    /// Public posts only: where it came from. Their external_id is the platform's own id, unscoped,
    /// so that a live event and an archive import of the same post are one row.
    std::optional<post_source> source;
    /// The first voice note or picture the message carried; its caption (if any) is `text`.
    std::optional<media_ref> media;
    std::int64_t sent_at = 0; ///< unix seconds the provider dated the message (WhatsApp, Messenger); 0: unknown
};

/// What a delivery carried: zero or more messages (status callbacks carry none).
using inbound_batch = std::vector<inbound_message>;

}  // namespace baro::channels
