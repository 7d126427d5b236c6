#include "http/report_page.hpp"

#include "core/embedded.hpp"
#include "core/form.hpp"
#include "core/languages.hpp"
#include "core/markup.hpp"
#include "http/chart_views.hpp"
#include "http/citizen_pages.hpp"
#include "http/publish_pages.hpp"
#include "http/template.hpp"
#include "http/who_spoke.hpp"
#include "text/redact.hpp"

#include <set>

namespace baro::http {

namespace {
std::string_view asset(std::string_view path)
{
    auto const* f = embedded::find(embedded::web_assets(), path);
    return f ? f->content : std::string_view{};
}

std::string figure(std::string_view label, std::string const& value)
{
    return "<div class=\"figure\"><strong>" + html_escape(value) + "</strong><span>" + html_escape(label) + "</span></div>";
}

std::string quote(messages const& m, std::string_view lang, store::public_contribution const& q)
{
    auto meta = region_name(m, lang, q.region);
    meta += (meta.empty() ? "" : " · ") + q.published_at.substr(0, 10);
    if(q.featured)
        meta += " · ★";
    return "<blockquote lang=\"" + html_escape(q.language) + "\"><p>" + html_escape(text::redact(q.text, lang)) + "</p><footer>" +
           html_escape(meta) + "</footer></blockquote>";
}

// Per theme (most contributions first): its count, then French and Bambara quotes side by side.
std::string themes_section(messages const& m, std::string_view lang, store::consultation_info const& c,
                           store::published_summary const& s)
{
    std::string out;
    for(auto const& row : s.by_theme)
    {
        std::string label = row.key;
        for(auto const& t : c.themes)
            if(t.slug == row.key)
                label = localized(t.label, lang);
        std::string fr, bm;
        for(auto const& q : s.quotes)  // featured first: the summary keeps them in that order
            if(q.theme == row.key)
                (q.contribution.language == "bm" ? bm : fr) += quote(m, lang, q.contribution);
        auto const none = "<p class=\"none\">" + html_escape(m.get(lang, "report.no_quote")) + "</p>";
        out += "<section class=\"theme\"><h3>" + html_escape(label) + " <span class=\"n\">" + std::to_string(row.count) +
               "</span></h3><div class=\"side\"><div><h4>" + html_escape(m.get(lang, "report.quotes_fr")) + "</h4>" +
               (fr.empty() ? none : fr) + "</div><div><h4>" + html_escape(m.get(lang, "report.quotes_bm")) + "</h4>" +
               (bm.empty() ? none : bm) + "</div></div></section>";
    }
    return out.empty() ? "<p>" + html_escape(m.get(lang, "chart.empty")) + "</p>" : out;
}

std::string moderation_section(messages const& m, std::string_view lang, nlohmann::json const& record)
{
    std::string rows;
    if(record.contains("outcomes"))
        for(auto const& [k, n] : record.at("outcomes").items())
        {
            auto const key = "mod.action." + k;
            auto const& label = m.get(lang, key);
            rows += "<tr><th scope=\"row\">" + html_escape(label == key ? k : label) + "</th><td>" +
                    std::to_string(n.get<long long>()) + "</td></tr>";
        }
    auto const head = record.value("head", std::string());
    auto const entries = record.value("entries", 0LL);
    return "<table class=\"data\"><caption>" + html_escape(m.get(lang, "transparency.decisions")) + "</caption><thead><tr><th scope=\"col\">" +
           html_escape(m.get(lang, "report.decision")) + "</th><th scope=\"col\">" + html_escape(m.get(lang, "chart.count")) +
           "</th></tr></thead><tbody>" + rows + "</tbody></table><p>" + html_escape(m.get(lang, "transparency.head")) +
           " (" + std::to_string(entries) + " " + html_escape(m.get(lang, "transparency.entries")) + ")&nbsp;: <code class=\"hash\">" +
           html_escape(head) + "</code></p>";
}

// The report prints: every chart's table is open.
std::string open_tables(std::string html)
{
    std::string const closed = "<details class=\"chart-data\">";
    for(auto at = html.find(closed); at != std::string::npos; at = html.find(closed, at))
    {
        html.replace(at, closed.size(), "<details class=\"chart-data\" open>");
        at += closed.size();
    }
    return html;
}
}  // namespace

std::string report_page(messages const& m, std::string_view lang, store::consultation_info const& c,
                        store::published_summary const& s, nlohmann::json const& record, std::string_view public_url,
                        std::string_view generated_at)
{
    std::int64_t received = 0;
    for(auto const& r : s.received_by_day)
        received += r.count;
    std::set<std::string> regions;
    for(auto const& r : s.by_region)
        if(! r.key.empty())
            regions.insert(r.key);
    std::string const path = "/c/" + url_encode(c.slug) + "/rapport";
    template_values v;
    for(auto& [k, text] : m.all(lang))
        v[k] = text;
    v["lang"] = std::string(lang);
    v["css"] = std::string(asset("publish/report.css"));
    v["consultation_title"] = localized(c.title, lang);
    v["generated_at"] = std::string(generated_at);
    v["period"] = (s.opens_at.empty() ? "…" : s.opens_at.substr(0, 10)) + " – " + (s.closes_at.empty() ? "…" : s.closes_at.substr(0, 10));
    v["figures"] = figure(m.get(lang, "publish.total"), std::to_string(s.total)) +
                   figure(m.get(lang, "report.received"), std::to_string(received)) +
                   figure(m.get(lang, "report.themes_count"), std::to_string(s.by_theme.size())) +
                   figure(m.get(lang, "report.regions_count"), std::to_string(regions.size()));
    v["themes"] = themes_section(m, lang, c, s);
    v["map"] = open_tables(chart_html(m, lang, chart_view::map, c, s));
    v["trend"] = open_tables(chart_html(m, lang, chart_view::time, c, s));
    v["channels"] = open_tables(chart_html(m, lang, chart_view::channel, c, s) + chart_html(m, lang, chart_view::language, c, s));
    v["who_spoke"] = who_spoke_html(m, lang, c, s);
    v["themes_chart"] = open_tables(chart_html(m, lang, chart_view::themes, c, s));
    v["moderation"] = moderation_section(m, lang, record);
    v["results_url"] = std::string(public_url) + "/c/" + url_encode(c.slug) + "/resultats?lang=" + std::string(lang);
    std::string switcher;
    for(auto other : languages)
        switcher += (switcher.empty() ? "" : " · ") + std::string("<a href=\"") + html_escape(path) + "?lang=" + std::string(other) +
                    "\" lang=\"" + std::string(other) + "\">" + html_escape(m.get(other, "lang.name")) + "</a>";
    v["languages"] = switcher;
    auto page = render_template(asset("publish/report.html"), v);
    insert_in_head(page, preview_tags(m, lang, c, s, public_url, path + "?lang=" + std::string(lang),
                                      m.get(lang, "report.title") + " · " + localized(c.title, lang)));
    return page;
}

}  // namespace baro::http
