#include "publish/atom.hpp"

#include "core/markup.hpp"
#include "publish/contribution_page.hpp"
#include "text/redact.hpp"

namespace baro::publish {

namespace {
std::string first_words(std::string const& s, std::size_t max_bytes)
{
    if(s.size() <= max_bytes)
        return s;
    auto cut = max_bytes;
    while(cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;  // never split a UTF-8 sequence
    return s.substr(0, cut) + "…";
}
}  // namespace

std::string atom_feed(feed_info const& info, std::vector<store::public_contribution> const& items)
{
    std::string const updated = items.empty() ? std::string("1970-01-01T00:00:00Z") : items.front().published_at;
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
                      xml_escape(info.lang) + "\">\n<id>" + xml_escape(info.id) + "</id>\n<title>" + xml_escape(info.title) +
                      "</title>\n<updated>" + xml_escape(updated) + "</updated>\n<link rel=\"self\" href=\"" +
                      xml_escape(info.id) + "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
                      xml_escape(info.alternate) + "\"/>\n<author><name>baro</name></author>\n<rights>CC BY 4.0</rights>\n";
    for(auto const& c : items)
    {
        auto const text = text::redact(c.text, info.lang);
        out += "<entry>\n<id>" + xml_escape(info.entry_base + "#c" + std::to_string(c.id)) + "</id>\n<title>" +
               xml_escape(first_words(text, 80)) + "</title>\n<updated>" + xml_escape(c.published_at) +
               "</updated>\n<published>" + xml_escape(c.published_at) +
               "</published>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
               xml_escape(info.public_url + contribution_path(info.slug, c.id) + "?lang=" + info.lang) + "\"/>\n";
        for(auto const& t : c.themes)
            out += "<category term=\"" + xml_escape(t) + "\"/>\n";
        out += "<content type=\"text\">" + xml_escape(text) + "</content>\n</entry>\n";
    }
    return out + "</feed>\n";
}

}  // namespace baro::publish
