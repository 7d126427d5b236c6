// The report for leaders and the share image of a consultation (issue 14).
#include "core/languages.hpp"
#include "http/chart_views.hpp"
#include "http/citizen_pages.hpp"
#include "http/publish_context.hpp"
#include "http/publish_pages.hpp"
#include "http/report_page.hpp"
#include "publish/http_cache.hpp"
#include "publish/png_render.hpp"
#include "publish/share_card.hpp"
#include "store/decisions.hpp"

#include <ctime>

namespace baro::http {

namespace {
constexpr int report_max_age_s = 60;
constexpr int share_max_age_s = 300;

std::string today_utc()
{
    std::time_t const now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

publish::share_figures share_of(messages const& m, std::string_view lang, live::summary_entry const& e, std::string const& site)
{
    publish::share_figures f;
    f.title = localized(e.consultation.title, lang);
    f.total = e.data.total;
    f.total_label = m.get(lang, "publish.total");
    for(auto const& row : e.data.by_theme)
    {
        if(f.top_themes.size() == 3)
            break;
        std::string label = row.key;
        for(auto const& t : e.consultation.themes)
            if(t.slug == row.key)
                label = localized(t.label, lang);
        f.top_themes.emplace_back(label, row.count);
    }
    f.footer = "baro · " + site;
    return f;
}

// The report is rendered once per summary version, language and day (it shows the date it was
// drawn up) and kept with the summary's other pages: requests read the kept bytes. Its moderation
// record is read when it is rendered, so decisions that publish nothing (rejections) show once the
// summary is next recomputed: at the next publish, or when the summary is older than
// live::summary_max_age (5 minutes). Clients cache it for a minute; 304 when nothing changed.
void get_report(services& s, publish_context& p, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(page_not_found(s.text, lang));
    p.summaries.get(*c, [&s, req, done, lang](result<live::summary_cache::entry_ptr> r) {
        if(! r)
            return done(json_error(r.err()));
        auto const e = *r;
        auto const day = today_utc();
        auto const key = "report|" + lang + "|" + day;
        auto const respond = [req, done, e](live::page_cache::page_ptr const& page) {
            done(public_response(*req, "text/html; charset=utf-8", page->body, page->etag, e->last_modified_s, report_max_age_s));
        };
        if(auto const kept = e->pages.find(key))
            return respond(kept);
        store::transparency(s.db, e->consultation.id, [&s, done, lang, e, day, key, respond](result<nlohmann::json> record) {
            if(! record)
                return done(json_error(record.err()));
            auto body = report_page(s.text, lang, e->consultation, e->data, *record, s.public_url, day);
            auto etag = publish::etag_of(body);
            respond(e->pages.put(key, {std::move(body), std::move(etag)}));
        });
    });
}

// The share image: drawn once per summary version and language on the render pool, then kept
// with the summary's other pages and served from there without a trip to the pool.
void get_share_image(services& s, publish_context& p, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(page_not_found(s.text, lang));
    p.summaries.get(*c, [&s, &p, req, done, lang](result<live::summary_cache::entry_ptr> r) {
        if(! r)
            return done(json_error(r.err()));
        auto const& e = *r;
        if(auto const kept = e->pages.find("share|" + lang); kept && ! kept->body.empty())
            return done(public_response(*req, "image/png", kept->body, kept->etag, e->last_modified_s, share_max_age_s));
        net::post(p.renders, [&s, req, done, lang, e] {
            std::optional<error> failure;
            auto const page = e->pages.get("share|" + lang, [&] {
                auto png = publish::svg_to_png(publish::share_card_svg(share_of(s.text, lang, *e, s.public_url)),
                                               publish::share_width, publish::share_height);
                if(! png)
                    failure = png.err();
                return live::rendered_page{png ? std::move(*png) : std::string(),
                                           publish::etag_of(e->etag[language_index(lang)] + "|share|" + lang)};
            });
            if(page->body.empty())
                return done(json_error(failure.value_or(fail(errc::internal, "The share image could not be drawn."))));
            done(public_response(*req, "image/png", page->body, page->etag, e->last_modified_s, share_max_age_s));
        });
    });
}
}  // namespace

void add_report_routes(route_table& routes, services& s, publish_context& pc)
{
    routes.add({"GET", "/c/{slug}/rapport", 0,
                [&s, &pc](auto req, auto done) { get_report(s, pc, std::move(req), std::move(done)); }});
    routes.add({"GET", "/c/{slug}/partage.png", 0,
                [&s, &pc](auto req, auto done) { get_share_image(s, pc, std::move(req), std::move(done)); }});
}

}  // namespace baro::http
