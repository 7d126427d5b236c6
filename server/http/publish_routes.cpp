#include "core/embedded.hpp"
#include "core/form.hpp"
#include "core/json_text.hpp"
#include "http/citizen_pages.hpp"
#include "http/media_file.hpp"
#include "http/publish_context.hpp"
#include "http/publish_pages.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "http/services.hpp"
#include "live/summary_cache.hpp"
#include "publish/contribution_page.hpp"
#include "publish/http_cache.hpp"
#include "publish/public_json.hpp"
#include "store/decisions.hpp"
#include "store/media.hpp"
#include "store/publish_read.hpp"

#include <charconv>

namespace baro::http {

namespace {

constexpr int api_max_age_s = 5;
constexpr int page_size_default = 20;
constexpr int page_size_max = 100;
constexpr int oembed_width_default = 400;
constexpr int oembed_height = 560;
constexpr char const* public_media_cache = "public, max-age=60";

int int_param(form_fields const& q, std::string_view name, int fallback, int lo, int hi)
{
    auto const v = field(q, name);
    int n = fallback;
    if(v && std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc{})
        n = fallback;
    return std::clamp(n, lo, hi);
}

void get_consultation(services& s, publish_context& p, std::shared_ptr<request const> req, responder done)
{
    with_summary(s, p, req->params.at("slug"), done, [req, done](live::summary_entry const& e) {
        done(public_response(*req, "application/json; charset=utf-8", e.consultation_json, e.consultation_etag, e.last_modified_s,
                             api_max_age_s));
    });
}

void get_summary(services& s, publish_context& p, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    with_summary(s, p, req->params.at("slug"), done, [req, done, lang](live::summary_entry const& e) {
        auto const i = language_index(lang);
        auto r = public_response(*req, "application/json; charset=utf-8", e.json[i], e.etag[i], e.last_modified_s, api_max_age_s);
        r.set(bh::field::vary, "Accept-Language");
        done(std::move(r));
    });
}

void get_contributions(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(consultation_not_found());
    auto const q = query_of(*req);
    store::contribution_filter f;
    f.consultation_id = c->id;
    f.theme = field(q, "theme").value_or("");
    f.region = field(q, "region").value_or("");
    f.language = field(q, "language").value_or("");
    f.limit = int_param(q, "limit", page_size_default, 1, page_size_max) + 1;  // one more: is there a next page?
    if(auto cursor = field(q, "cursor"); cursor && ! cursor->empty())
    {
        f.before = publish::parse_page_cursor(*cursor);
        if(! f.before)
            return done(json_error(fail(errc::bad_request, "Malformed cursor.", "cursor")));
    }
    auto const lang = request_language(*req);
    auto const limit = f.limit - 1;
    auto const slug = c->slug;
    store::list_published(s.reads, f, [req, done, lang, limit, slug, q](result<std::vector<store::public_contribution>> r) {
        if(! r)
            return done(json_error(r.err()));
        bool const more = static_cast<int>(r->size()) > limit;
        if(more)
            r->pop_back();
        nlohmann::json body{{"consultation", slug}, {"items", nlohmann::json::array()}, {"next", nullptr}};
        std::int64_t last_s = 0;
        for(auto const& row : *r)
        {
            body["items"].push_back(publish::contribution_json(row, lang));
            last_s = std::max(last_s, row.published_us / 1000000);
        }
        std::string next_link;
        if(more)
        {
            auto const cursor = publish::page_cursor(r->back());
            body["next"] = cursor;
            next_link = "<" + req->path + "?";
            for(auto const& [k, v] : q)
                if(k != "cursor")
                    next_link += url_encode(k) + "=" + url_encode(v) + "&";
            next_link += "cursor=" + cursor + ">; rel=\"next\"";
        }
        auto text = dump_json(body);
        auto const etag = publish::etag_of(text);
        auto res = public_response(*req, "application/json; charset=utf-8", std::move(text), etag, last_s, api_max_age_s);
        if(! next_link.empty())
            res.set(bh::field::link, next_link);
        done(std::move(res));
    });
}

response embed_response(request const& req, std::string body, std::string const& etag, std::int64_t last_modified_s)
{
    auto r = public_response(req, "text/html; charset=utf-8", std::move(body), etag, last_modified_s, api_max_age_s);
    // Framed by any blog; scripts, styles and the event stream only from here.
    r.set("Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "frame-ancestors *; base-uri 'none'; form-action 'none'");
    return r;
}

void get_embed(services& s, publish_context& p, std::shared_ptr<request const> req, responder done)
{
    auto const q = query_of(*req);
    embed_options o;
    o.lang = request_language(*req);
    if(auto const lang = field(q, "lang"); lang && language_index(*lang) == 0 && *lang != "fr")
        return done(json_error(fail(errc::bad_request, "Unknown lang \"" + *lang + "\": choose fr, bm or en.", "lang")));
    auto const view = parse_chart_view(field(q, "view").value_or("themes"));
    if(! view)
        return done(json_error(fail(errc::bad_request, "Unknown view: choose " + chart_view_choices() + ".", "view")));
    o.view = *view;
    o.theme = field(q, "theme").value_or("");
    o.limit = int_param(q, "limit", 5, 1, embed_max_quotes);
    with_summary(
        s, p, req->params.at("slug"), done,
        [&s, req, done, o](live::summary_entry const& e) {
            // The page is a function of the summary and the options: rendered once per summary version.
            auto const key = "embed|" + o.lang + "|" + std::to_string(o.limit) + "|" +
                             std::string(chart_view_names[static_cast<std::size_t>(o.view)]) + "|" + o.theme;
            auto const page = e.pages.get(key, [&] {
                auto const i = language_index(o.lang);
                return live::rendered_page{embed_page(s.text, e.consultation, e.data, o, s.public_url),
                                           publish::etag_of(e.etag[i] + "|" + key)};
            });
            if(publish::etag_matches(req->msg[bh::field::if_none_match], page->etag))
                return done(embed_response(*req, "", page->etag, e.last_modified_s));
            done(embed_response(*req, page->body, page->etag, e.last_modified_s));
        },
        [&s, &o] { return page_not_found(s.text, o.lang); });
}

void get_results(services& s, publish_context& p, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    with_summary(
        s, p, req->params.at("slug"), done,
        [&s, done, lang](live::summary_entry const& e) {
            auto const page = e.pages.get("results|" + lang, [&] {
                return live::rendered_page{results_page(s.text, lang, e.consultation, e.data, s.public_url), {}};
            });
            done(html(bh::status::ok, page->body));
        },
        [&s, &lang] { return page_not_found(s.text, lang); });
}

// GET /media/{id}: a voice note or picture a moderator published explicitly, for the contribution's
// page; anything else (unpublished, never published, erased, expired) is 404. A short public cache:
// a moderator who withdraws it is obeyed within a minute. The file is read on the store thread.
void get_public_media(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const& digits = req->params.at("id");
    std::int64_t id = 0;
    auto const [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if(ec != std::errc{} || end != digits.data() + digits.size() || id <= 0 || s.media_dir.empty())
        return done(json_error(fail(errc::not_found, "No such medium.")));
    store::find_public_media_file(s.reads, id, [req, done, dir = s.media_dir](result<store::media_file> f) {
        if(! f)
            return done(json_error(f.err()));
        auto const etag = "\"" + f->sha256 + "\"";  // content-addressed: the checksum is the version
        if(req->msg[bh::field::if_none_match] == etag)
        {
            auto r = make_response(bh::status::not_modified, f->content_type, "");
            r.set(bh::field::etag, etag);
            r.set(bh::field::cache_control, public_media_cache);
            return done(std::move(r));
        }
        auto r = media_file_response(*req, dir, *f, public_media_cache);
        if(r.result() == bh::status::ok || r.result() == bh::status::partial_content)
            r.set(bh::field::etag, etag);
        done(std::move(r));
    });
}

// /c/{slug}/contributions/{id}: the permanent page of one published contribution (Atom entries
// link here); an unknown, unpublished or malformed id is the HTML 404 page.
void get_contribution_page(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    auto const& digits = req->params.at("id");
    std::int64_t id = 0;
    auto const [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if(! c || ec != std::errc{} || end != digits.data() + digits.size() || id <= 0)
        return done(page_not_found(s.text, lang));
    publish::contribution_page_labels l;
    l.heading = s.text.get(lang, "publish.contribution_title");
    l.results_label = s.text.get(lang, "publish.all_results");
    l.results_url = "/c/" + url_encode(c->slug) + "/resultats?lang=" + lang;
    std::string const title = localized(c->title, lang);
    store::load_published(
        s.reads, c->id, id,
        [&s, req, done, lang, l, title, themes = c->themes](result<std::optional<store::public_contribution>> r) mutable {
            if(! r)
                return done(json_error(r.err()));
            if(! *r)
                return done(page_not_found(s.text, lang));
            auto const& row = **r;
            l.region = region_name(s.text, lang, row.region);
            for(auto const& slug : row.themes)
                for(auto const& t : themes)
                    if(t.slug == slug)
                        l.themes += (l.themes.empty() ? "" : " · ") + localized(t.label, lang);
            auto render = [&s, req, done, lang, title, row](publish::contribution_page_labels const& l) {
                auto const path = publish::contribution_path(req->params.at("slug"), row.id);
                done(html(bh::status::ok,
                          citizen_page(s.text, lang, l.heading + " · " + title, path, publish::contribution_article(row, lang, l))));
            };
            if(row.medium == "text")
                return render(l);
            // A voice note or picture plays here only if a moderator published it (GET /media/{id}).
            store::find_public_medium_of(s.reads, row.id, [render, l](result<std::optional<store::public_medium>> m) mutable {
                if(m && *m)
                {
                    l.public_media_id = (*m)->id;
                    l.public_media_is_image = (*m)->image;
                }
                render(l);
            });
        });
}

void get_embed_js(std::shared_ptr<request const> req, responder done)
{
    auto const* f = embedded::find(embedded::web_assets(), "publish/embed.js");
    if(! f)
        return done(json_error(fail(errc::not_found, "No such file.")));
    auto const etag = publish::etag_of(f->content);
    auto r = public_response(*req, "text/javascript; charset=utf-8", std::string(f->content), etag, 0, 3600);
    done(std::move(r));
}

// /oembed?url=<public url>/embed/{slug}… or …/c/{slug}/resultats
void get_oembed(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const q = query_of(*req);
    auto const url = field(q, "url").value_or("");
    if(auto format = field(q, "format"); format && *format != "json")
        return done(make_response(bh::status::not_implemented, "text/plain; charset=utf-8", "Only format=json.\n"));
    std::string rest;
    if(url.rfind(s.public_url + "/", 0) == 0)
        rest = url.substr(s.public_url.size());
    std::string slug;
    for(std::string_view prefix : {"/embed/", "/c/"})
        if(rest.rfind(prefix, 0) == 0)
        {
            slug = rest.substr(prefix.size());
            slug = slug.substr(0, slug.find_first_of("/?#"));
        }
    auto const c = slug.empty() ? nullptr : s.catalog.find(slug);
    if(! c)
        return done(json_error(fail(errc::not_found, "No embeddable baro page at this URL.", "url")));
    auto lang = std::string("fr");
    if(auto at = url.find("lang="); at != std::string::npos)
        lang = std::string(negotiate_language(url.substr(at + 5, 2), ""));
    int const width = int_param(q, "maxwidth", oembed_width_default, 200, oembed_width_default);
    int const height = std::min(oembed_height, int_param(q, "maxheight", oembed_height, 200, oembed_height));
    nlohmann::json j{{"version", "1.0"},
                     {"type", "rich"},
                     {"provider_name", "baro"},
                     {"provider_url", s.public_url},
                     {"title", localized(c->title, lang)},
                     {"html", embed_iframe(s.public_url, c->slug, lang, width, height)},
                     {"width", width},
                     {"height", height},
                     {"cache_age", 3600}};
    auto body = dump_json(j);
    auto const etag = publish::etag_of(body);
    done(public_response(*req, "application/json; charset=utf-8", std::move(body), etag, 0, 3600));
}

// The public transparency page: what moderators decided for a consultation, counted by outcome
// and reason, and the audit chain's head, so anyone can later check the record was not rewritten.
void get_transparency(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(page_not_found(s.text, lang));
    store::transparency(s.db, c->id, [&s, lang, c, done](result<nlohmann::json> r) {
        if(! r)
            return done(html(status_of(r.err().code), message_page(s.text, lang, "503", s.text.get(lang, "error.unavailable"))));
        done(html(bh::status::ok, transparency_page(s.text, lang, *c, *r)));
    });
}

}  // namespace

response public_response(request const& req, std::string_view content_type, std::string body, std::string const& etag,
                         std::int64_t last_modified_s, int max_age_s)
{
    bool const fresh = publish::etag_matches(req.msg[bh::field::if_none_match], etag);
    auto r =
        make_response(fresh ? bh::status::not_modified : bh::status::ok, content_type, fresh ? std::string() : std::move(body));
    r.set(bh::field::etag, etag);
    if(last_modified_s > 0)
        r.set(bh::field::last_modified, publish::http_date(last_modified_s));
    r.set(bh::field::cache_control, "public, max-age=" + std::to_string(max_age_s) + ", stale-while-revalidate=30");
    r.set(bh::field::access_control_allow_origin, "*");
    r.set(bh::field::access_control_expose_headers, "ETag, Last-Modified, Link");
    if(req.msg.method() == bh::verb::head)
        r.body().clear();
    return r;
}

void add_publish_routes(route_table& routes, services& s, publish_context& pc)
{
    routes.add({"GET", "/api/v1/consultations/{slug}", 0,
                [&s, &pc](auto req, auto done) { get_consultation(s, pc, std::move(req), std::move(done)); }});
    routes.add({"GET", "/api/v1/consultations/{slug}/summary", 0,
                [&s, &pc](auto req, auto done) { get_summary(s, pc, std::move(req), std::move(done)); }});
    routes.add({"GET", "/api/v1/consultations/{slug}/contributions", 0,
                [&s](auto req, auto done) { get_contributions(s, std::move(req), std::move(done)); }});
    routes.add(
        {"GET", "/embed/{slug}", 0, [&s, &pc](auto req, auto done) { get_embed(s, pc, std::move(req), std::move(done)); }});
    routes.add({"GET", "/embed.js", 0, [](auto req, auto done) { get_embed_js(std::move(req), std::move(done)); }});
    routes.add({"GET", "/c/{slug}/resultats", 0,
                [&s, &pc](auto req, auto done) { get_results(s, pc, std::move(req), std::move(done)); }});
    routes.add({"GET", "/c/{slug}/contributions/{id}", 0,
                [&s](auto req, auto done) { get_contribution_page(s, std::move(req), std::move(done)); }});
    routes.add({"GET", "/media/{id}", 0, [&s](auto req, auto done) { get_public_media(s, std::move(req), std::move(done)); }});
    routes.add({"GET", "/oembed", 0, [&s](auto req, auto done) { get_oembed(s, std::move(req), std::move(done)); }});
    add_live_routes(routes, s, pc);
    add_open_data_routes(routes, s, pc);
    add_feed_routes(routes, s);
    add_report_routes(routes, s, pc);
    routes.add({"GET", "/c/{slug}/transparence", 0,
                [&s](auto req, auto done) { get_transparency(s, std::move(req), std::move(done)); }});
}

}  // namespace baro::http
