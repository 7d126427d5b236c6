#include "publish/contribution_page.hpp"

#include "core/form.hpp"
#include "core/markup.hpp"
#include "text/redact.hpp"

namespace baro::publish {

std::string contribution_path(std::string_view slug, std::int64_t id)
{
    return "/c/" + url_encode(slug) + "/contributions/" + std::to_string(id);
}

std::string contribution_article(store::public_contribution const& c, std::string_view lang, contribution_page_labels const& l)
{
    std::string meta;
    if(! l.region.empty())
        meta = l.region + " · ";
    meta += c.published_at.substr(0, 10);
    if(c.sent_by > 1)  // a campaign published once: how many citizens sent it
        meta += " · ×" + std::to_string(c.sent_by);
    std::string out = "<article class=\"contribution\" id=\"c" + std::to_string(c.id) + "\"><h1>" + html_escape(l.heading) +
                      "</h1><blockquote>" + html_escape(text::redact(c.text, lang)) + "</blockquote><p class=\"meta\">" +
                      html_escape(meta) + "</p>";
    if(l.public_media_id > 0)  // published explicitly by a moderator; never the others
    {
        auto const src = html_escape("/media/" + std::to_string(l.public_media_id));
        out += l.public_media_is_image ? "<p class=\"medium\"><img src=\"" + src + "\" alt=\"\"></p>"
                                              : "<p class=\"medium\"><audio controls preload=\"metadata\" src=\"" + src + "\"></audio></p>";
    }
    if(! l.themes.empty())
        out += "<p class=\"themes\">" + html_escape(l.themes) + "</p>";
    if(! c.source_link.empty() && (c.source_link.rfind("https://", 0) == 0))  // never a javascript: link
        out += "<p class=\"source\"><a href=\"" + html_escape(c.source_link) + "\" rel=\"nofollow noopener\">" +
               html_escape(c.channel) + "</a></p>";
    return out + "<p><a href=\"" + html_escape(l.results_url) + "\">" + html_escape(l.results_label) + "</a></p></article>";
}

}  // namespace baro::publish
