#include "ingest/inbound.hpp"

#include "channels/charset.hpp"
#include "channels/keywords.hpp"
#include "ingest/pseudonym.hpp"
#include "ingest/public_route.hpp"
#include "ingest/text_fields.hpp"
#include "text/display.hpp"

#include <algorithm>

namespace baro::ingest {

namespace {

// The consultation `matches` picks: an open one first, else one that takes nothing now.
template<class Match>
route_result pick(store::catalog const& catalog, Match matches, std::string text)
{
    store::consultation_info const* closed = nullptr;
    for(auto const& c : catalog)
        if(matches(c))
        {
            if(c.open())
                return {&c, nullptr, std::move(text)};
            closed = closed ? closed : &c;
        }
    return {nullptr, closed, std::move(text)};
}

}  // namespace

route_result route(store::catalog const& catalog, channels::inbound_message const& m)
{
    std::string text = channels::utf8_or_cp1252(m.text);
    if(m.source)  // a public post is routed by what it answers, never by a keyword or by default
        return {route_public_post(catalog, m.source->routes), nullptr, std::move(text)};
    std::vector<std::string> keywords;
    for(auto const& c : catalog)
        if(! c.sms_keyword.empty())
            keywords.push_back(c.sms_keyword);
    if(auto split = channels::split_keyword(text, keywords))
        return pick(
            catalog, [&](store::consultation_info const& c) { return c.sms_keyword == split->keyword; },
            std::move(split->rest));

    if(! m.recipient.empty())
    {
        auto routed = pick(
            catalog,
            [&](store::consultation_info const& c) {
                return std::find(c.recipients.begin(), c.recipients.end(), m.recipient) != c.recipients.end();
            },
            text);
        if(routed.consultation || routed.closed)
            return routed;
    }

    store::consultation_info const* only = nullptr;
    int open = 0;
    for(auto const& c : catalog)
        if(c.open())
        {
            if(c.default_unrouted)
                return {&c, nullptr, std::move(text)};
            only = &c;
            ++open;
        }
    return {open == 1 ? only : nullptr, nullptr, std::move(text)};
}

result<store::contribution_row> prepare_inbound(store::catalog const& catalog, channels::inbound_message const& m,
                                                std::string_view pepper)
{
    auto routed = route(catalog, m);
    store::contribution_row row;
    static store::consultation_info const unrouted;  // no themes to suggest
    fill_text_fields(row, routed.consultation ? *routed.consultation : unrouted, routed.text);
    if(row.display_text.empty() && ! m.media)  // a voice note or picture alone is a contribution
        return fail(errc::unprocessable, "The message has no text to keep.", "text");
    if(m.recoded || ! text::is_valid_utf8(m.text))
        row.flags.push_back("cp1252");  // an old gateway sent Latin-1; read as windows-1252
    if(routed.consultation)
        row.consultation_id = routed.consultation->id;
    else if(routed.closed)
        row.flags.push_back(closed_flag_prefix + routed.closed->slug);  // kept in the inbox, not counted
    row.channel = m.channel;
    if(m.source)
    {
        // The platform's own id, as an archive import writes it too: one post, one row.
        row.external_id = storable(m.external_id);
        if(! m.sender_id.empty())  // Meta omits the author of some comments: no pseudonym then
            row.sender_key = sender_key(pepper, m.sender_id);
        row.source = store::source_row{storable(m.source->permalink), storable(m.source->in_reply_to),
                                       storable(channels::utf8_or_cp1252(m.source->context_text)), m.source->posted_at};
    }
    else
    {
        row.external_id = m.provider + ":" + storable(m.external_id);
        row.sender_key = sender_key(pepper, m.sender_id);
    }
    // As received (keyword included), in UTF-8 and without NUL, which a text column cannot hold.
    row.raw = storable(channels::utf8_or_cp1252(m.text));
    return row;
}

}  // namespace baro::ingest
