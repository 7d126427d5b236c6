#include "ingest/archive.hpp"

#include "channels/charset.hpp"
#include "channels/sender.hpp"
#include "ingest/pseudonym.hpp"
#include "ingest/text_fields.hpp"
#include "text/display.hpp"

namespace baro::ingest {

result<store::archived_row> prepare_archive(store::consultation_info const& c, channels::archive_post const& post,
                                          std::string_view pepper)
{
    store::archived_row s;
    auto& row = s.row;
    auto const text = storable(channels::utf8_or_cp1252(post.text));
    fill_text_fields(row, c, text);
    if(row.display_text.empty())
        return fail(errc::unprocessable, "text: nothing left to keep once cleaned", "text");
    if(! text::is_valid_utf8(post.text))
        row.flags.push_back("cp1252");  // a CSV file saved as Latin-1; read as windows-1252
    row.consultation_id = c.id;
    row.channel = post.platform;
    row.external_id = storable(post.id);
    if(! post.author_id.empty())
        row.sender_key = sender_key(pepper, channels::platform_sender(post.platform, post.author_id));
    row.raw = text;
    s.posted_at = post.posted_at;
    s.permalink = post.permalink;
    s.in_reply_to = post.in_reply_to;
    return s;
}

}  // namespace baro::ingest
