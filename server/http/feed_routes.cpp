#include "core/form.hpp"
#include "http/citizen_pages.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "publish/atom.hpp"
#include "publish/http_cache.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

namespace baro::http {

namespace {

constexpr int feed_entries = 30;
constexpr int feed_max_age_s = 60;

void get_feed(services& s, std::shared_ptr<request const> req, responder done, std::string slug, std::string theme)
{
    auto const c = s.catalog.find(slug);
    if(! c)
        return done(json_error(fail(errc::not_found, "No such feed.")));
    if(! theme.empty())
    {
        bool known = false;
        for(auto const& t : c->themes)
            known = known || t.slug == theme;
        if(! known)
            return done(json_error(fail(errc::not_found, "No such theme.")));
    }
    auto const lang = request_language(*req);
    publish::feed_info info;
    info.lang = lang;
    info.id = s.public_url + req->path;
    info.alternate = s.public_url + "/c/" + url_encode(c->slug) + "/resultats";
    info.entry_base = info.alternate;
    info.public_url = s.public_url;
    info.slug = c->slug;
    info.title = localized(c->title, lang) + " · " + s.text.get(lang, "publish.feed_title");
    for(auto const& t : c->themes)
        if(t.slug == theme)
            info.title += " · " + localized(t.label, lang);
    store::contribution_filter f;
    f.consultation_id = c->id;
    f.theme = theme;
    f.limit = feed_entries;
    store::list_published(s.reads, f, [req, done, info](result<std::vector<store::public_contribution>> r) {
        if(! r)
            return done(json_error(r.err()));
        auto body = publish::atom_feed(info, *r);
        auto const etag = publish::etag_of(body);
        std::int64_t const last = r->empty() ? 0 : r->front().published_us / 1000000;
        done(public_response(*req, "application/atom+xml; charset=utf-8", std::move(body), etag, last, feed_max_age_s));
    });
}

std::string strip_atom(std::string const& name)
{
    return name.size() > 5 && name.substr(name.size() - 5) == ".atom" ? name.substr(0, name.size() - 5) : std::string();
}

}  // namespace

void add_feed_routes(route_table& routes, services& s)
{
    routes.add({"GET", "/feeds/{file}", 0, [&s](auto req, auto done) {
                    auto slug = strip_atom(req->params.at("file"));
                    get_feed(s, std::move(req), std::move(done), std::move(slug), "");
                }});
    routes.add({"GET", "/feeds/{slug}/{file}", 0, [&s](auto req, auto done) {
                    auto slug = req->params.at("slug");
                    auto theme = strip_atom(req->params.at("file"));
                    if(theme.empty())
                        return done(json_error(fail(errc::not_found, "No such feed.")));
                    get_feed(s, std::move(req), std::move(done), std::move(slug), std::move(theme));
                }});
}

}  // namespace baro::http
