#include "http/publish_pages.hpp"

#include "core/embedded.hpp"
#include "core/form.hpp"
#include "http/citizen_pages.hpp"
#include "http/template.hpp"
#include "http/who_spoke.hpp"
#include "ingest/regions.hpp"
#include "publish/http_cache.hpp"
#include "text/redact.hpp"

namespace baro::http {

namespace {
std::string_view asset(std::string_view path)
{
    auto const* f = embedded::find(embedded::web_assets(), path);
    return f ? f->content : std::string_view{};
}

std::string theme_label(store::consultation_info const& c, std::string const& slug, std::string_view lang)
{
    for(auto const& t : c.themes)
        if(t.slug == slug)
            return localized(t.label, lang);
    return slug;
}

// One quote as escaped text: the redacted words, then region, date and (×N) how many sent it.
std::string quote_item(messages const& m, std::string_view lang, store::public_contribution const& q)
{
    std::string meta;
    auto const region = region_name(m, lang, q.region);
    if(! region.empty())
        meta = region + " · ";
    meta += q.published_at.substr(0, 10);
    if(q.sent_by > 1)  // a campaign published once: how many citizens sent it
        meta += " · ×" + std::to_string(q.sent_by);
    return "<li data-id=\"" + std::to_string(q.id) + "\"><blockquote>" + html_escape(text::redact(q.text, lang)) +
           "</blockquote><p class=\"meta\">" + html_escape(meta) + "</p></li>";
}

std::string lang_query(std::string_view lang) { return "lang=" + std::string(lang); }
}  // namespace

std::string region_name(messages const& m, std::string_view lang, std::string const& slug)
{
    if(slug == "bamako" || slug == "diaspora")
        return m.get(lang, "region." + slug);
    for(auto const& r : ingest::regions)
        if(r.slug == slug)
            return std::string(r.name);
    return {};
}

void insert_in_head(std::string& page, std::string const& tags)
{
    auto const head_end = page.find("</head>");
    if(head_end != std::string::npos)
        page.insert(head_end, tags);
}

std::string preview_tags(messages const& m, std::string_view lang, store::consultation_info const& c,
                         store::published_summary const& s, std::string_view public_url, std::string_view page_path,
                         std::string_view title)
{
    std::string description = std::to_string(s.total) + " " + m.get(lang, "publish.total");
    if(! s.by_theme.empty())
        description += " · " + m.get(lang, "share.top_theme") + " " + theme_label(c, s.by_theme.front().key, lang);
    auto const image = std::string(public_url) + "/c/" + url_encode(c.slug) + "/partage.png?" + lang_query(lang);
    auto const tag = [](std::string_view attr, std::string_view name, std::string_view content) {
        return "<meta " + std::string(attr) + "=\"" + std::string(name) + "\" content=\"" + html_escape(content) + "\">\n";
    };
    return tag("property", "og:type", "website") + tag("property", "og:site_name", "baro") + tag("property", "og:title", title) +
           tag("property", "og:description", description) + tag("property", "og:url", std::string(public_url) + std::string(page_path)) +
           tag("property", "og:locale", lang == "en" ? "en_GB" : lang == "bm" ? "bm_ML" : "fr_FR") + tag("property", "og:image", image) +
           tag("property", "og:image:type", "image/png") + tag("property", "og:image:width", "1200") +
           tag("property", "og:image:height", "630") + tag("property", "og:image:alt", description) +
           tag("name", "twitter:card", "summary_large_image") + tag("name", "twitter:title", title) +
           tag("name", "twitter:description", description) + tag("name", "twitter:image", image);
}

std::string embed_snippet(std::string_view public_url, std::string_view slug, std::string_view lang)
{
    std::string const base(public_url);
    std::string const src = base + "/embed/" + url_encode(slug) + "?" + lang_query(lang);
    return "<div data-baro=\"" + html_escape(slug) + "\" data-lang=\"" + html_escape(lang) + "\"><noscript><iframe src=\"" +
           html_escape(src) +
           "\" title=\"baro\" width=\"100%\" height=\"560\" style=\"border:0\"></iframe></noscript></div>\n"
           "<script async src=\"" +
           html_escape(base) + "/embed.js\"></script>";
}

std::string embed_iframe(std::string_view public_url, std::string_view slug, std::string_view lang, int width, int height)
{
    std::string const src = std::string(public_url) + "/embed/" + url_encode(slug) + "?" + lang_query(lang);
    return "<iframe src=\"" + html_escape(src) + "\" title=\"baro\" width=\"" + std::to_string(width) + "\" height=\"" +
           std::to_string(height) + "\" style=\"border:0\" loading=\"lazy\"></iframe>";
}

std::string oembed_discovery(std::string_view public_url, std::string_view page_url, std::string_view title)
{
    return "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"" +
           html_escape(std::string(public_url) + "/oembed?format=json&url=" + url_encode(page_url)) + "\" title=\"" +
           html_escape(title) + "\">";
}

std::string embed_page(messages const& m, store::consultation_info const& c, store::published_summary const& s,
                       embed_options const& o, std::string_view public_url)
{
    auto const lang = std::string_view(o.lang);
    std::string quotes;
    int shown = 0;
    bool const with_quotes = o.view == chart_view::themes;  // a single other chart stands alone
    if(with_quotes && o.theme.empty())
    {
        for(auto const& q : s.latest)
            if(shown++ < o.limit)
                quotes += quote_item(m, lang, q);
    }
    else if(with_quotes)
        for(auto const& q : s.quotes)
            if(q.theme == o.theme && shown++ < o.limit)
                quotes += quote_item(m, lang, q.contribution);
    std::string const page_url = std::string(public_url) + "/embed/" + url_encode(c.slug);
    template_values v;
    v["lang"] = o.lang;
    v["title"] = localized(c.title, lang);
    v["discovery"] = oembed_discovery(public_url, page_url, localized(c.title, lang));
    v["slug"] = c.slug;
    v["theme"] = o.theme;
    v["limit"] = std::to_string(o.limit);
    v["theme_label"] = o.theme.empty() ? "" : theme_label(c, o.theme, lang);
    v["results_url"] = "/c/" + url_encode(c.slug) + "/resultats?" + lang_query(lang);
    v["form_url"] = "/c/" + url_encode(c.slug) + "?" + lang_query(lang);
    v["total"] = std::to_string(s.total);
    v["total_label"] = m.get(lang, "publish.total");
    v["view"] = std::string(chart_view_names[static_cast<std::size_t>(o.view)]);
    v["chart"] = chart_html(m, lang, o.view, c, s);
    if(o.view == chart_view::themes)
        v["quotes_block"] = "<h2>" + html_escape(m.get(lang, "publish.latest")) + "</h2><p id=\"empty\">" +
                            html_escape(quotes.empty() ? m.get(lang, "publish.empty") : "") +
                            "</p><ul id=\"quotes\" class=\"quotes\">" + quotes + "</ul>";
    v["give_view"] = m.get(lang, "publish.give_view");
    v["live"] = m.get(lang, "publish.live");
    return render_template(asset("publish/embed.html"), v);
}

std::string results_page(messages const& m, std::string_view lang, store::consultation_info const& c,
                         store::published_summary const& s, std::string_view public_url)
{
    std::string themes;
    for(auto const& t : c.themes)
    {
        std::string items;
        for(auto const& q : s.quotes)
            if(q.theme == t.slug)
                items += quote_item(m, lang, q.contribution);
        if(items.empty())
            continue;
        themes += "<h3>" + html_escape(localized(t.label, lang)) + "</h3><ul class=\"quotes\">" + items + "</ul>";
    }
    template_values v;
    for(auto& [k, text] : m.all(lang))
        v[k] = text;
    v["consultation_title"] = localized(c.title, lang);
    v["total"] = std::to_string(s.total);
    std::string charts;
    for(auto name : chart_view_names)
        charts += chart_html(m, lang, *parse_chart_view(name), c, s);
    v["charts"] = charts;
    v["who_spoke"] = who_spoke_html(m, lang, c, s);
    v["report_url"] = "/c/" + url_encode(c.slug) + "/rapport?" + lang_query(lang);
    v["themes"] = themes.empty() ? "<p>" + html_escape(m.get(lang, "publish.empty")) + "</p>" : themes;
    v["snippet"] = embed_snippet(public_url, c.slug, lang);
    v["preview"] = embed_iframe("", c.slug, lang, 360, 560);
    v["csv_url"] = "/open-data/" + url_encode(c.slug) + ".csv";
    v["jsonl_url"] = "/open-data/" + url_encode(c.slug) + ".jsonl";
    v["api_url"] = "/api/v1/consultations/" + url_encode(c.slug) + "/summary";
    v["feed_url"] = "/feeds/" + url_encode(c.slug) + ".atom";
    v["form_url"] = "/c/" + url_encode(c.slug) + "?" + lang_query(lang);
    auto const path = "/c/" + c.slug + "/resultats";
    auto page = citizen_page(m, lang, m.get(lang, "publish.results_title") + " · " + localized(c.title, lang), path,
                             render_template(asset("publish/results.html"), v));
    insert_in_head(page, oembed_discovery(public_url, std::string(public_url) + path, localized(c.title, lang)) +
                             "\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/" +
                             html_escape(url_encode(c.slug)) + ".atom\">\n" +
                             preview_tags(m, lang, c, s, public_url, path + "?" + lang_query(lang),
                                          m.get(lang, "publish.results_title") + " · " + localized(c.title, lang)));
    return page;
}

}  // namespace baro::http

namespace baro::http {

std::string transparency_page(messages const& m, std::string_view lang, store::consultation_info const& c,
                              nlohmann::json const& record)
{
    auto table = [&](nlohmann::json const& counts, std::string const& prefix) {
        std::string rows;
        for(auto const& [k, n] : counts.items())
        {
            auto const key = prefix + k;
            auto const& label = m.get(lang, key);
            rows += "<tr><th scope=\"row\">" + html_escape(label == key ? k : label) + "</th><td>" +
                    std::to_string(n.get<long long>()) + "</td></tr>";
        }
        return "<table>" + rows + "</table>";
    };
    std::string content =
        "<h1>" + html_escape(m.get(lang, "transparency.title")) + "</h1><p>" + html_escape(localized(c.title, lang)) + "</p><p>" +
        html_escape(m.get(lang, "transparency.intro")) + "</p><h2>" + html_escape(m.get(lang, "transparency.decisions")) +
        "</h2>" + table(record.at("outcomes"), "mod.action.") + "<h2>" + html_escape(m.get(lang, "transparency.reasons")) +
        "</h2>" + table(record.at("reasons"), "mod.reason.") + "<h2>" + html_escape(m.get(lang, "transparency.accounts")) +
        "</h2>" + table(record.value("accounts", nlohmann::json::object()), "transparency.account.") + "<h2>" +
        html_escape(m.get(lang, "transparency.head")) +
        "</h2><p><code class=\"hash\">" + html_escape(record.at("head").get<std::string>()) + "</code> (" +
        std::to_string(record.at("entries").get<long long>()) + " " + html_escape(m.get(lang, "transparency.entries")) + ")</p>";
    return citizen_page(m, lang, m.get(lang, "transparency.title"), "/c/" + c.slug + "/transparence", content);
}

}  // namespace baro::http
