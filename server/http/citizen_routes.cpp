#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "core/form.hpp"
#include "http/citizen_pages.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "http/template.hpp"
#include "http/route_support.hpp"
#include "ingest/deliver.hpp"
#include "ingest/submission.hpp"

namespace baro::http {

namespace {

std::string_view content_type_of(std::string_view path)
{
    auto ends = [&](std::string_view suffix) {
        return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
    };
    if(ends(".css"))
        return "text/css; charset=utf-8";
    if(ends(".js") || ends(".mjs"))
        return "text/javascript; charset=utf-8";
    if(ends(".json"))
        return "application/json; charset=utf-8";
    if(ends(".svg"))
        return "image/svg+xml";
    if(ends(".html"))
        return "text/html; charset=utf-8";
    return "application/octet-stream";
}

// The localized message for an error of ingest::submit_web (prepare_web's, or the store's).
std::string localized_error(messages const& m, std::string_view lang, error const& e, std::string const& text)
{
    if(e.code == errc::invalid_encoding)
        return m.get(lang, "error.encoding");
    if(e.field == "region")
        return m.get(lang, "error.region");
    if(e.field == "gender" || e.field == "age_band")
        return m.get(lang, "error.demographic");
    if(e.field == "text")
    {
        auto const check = ingest::check_text(text);
        if(check.problem == ingest::text_problem::too_long)
        {
            std::string msg = m.get(lang, "error.too_long");
            if(auto at = msg.find("{n}"); at != std::string::npos)
                msg.replace(at, 3, std::to_string(check.chars));
            return msg;
        }
        return m.get(lang, "error.empty");
    }
    if(e.code == errc::conflict)
        return m.get(lang, "form.closed");
    // The database would not take this row's data (its batch's other rows were stored).
    if(e.key == "refused")
        return m.get(lang, "error.refused");
    return m.get(lang, "error.unavailable");
}

void get_form(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(page_not_found(s.text, lang));
    if(! c->open())
        return done(html(bh::status::ok, closed_page(s.text, lang, *c)));
    form_state f;
    f.nonce = crypto::random_hex(16);
    done(html(bh::status::ok, form_page(s.text, lang, *c, f)));
}

void post_form(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(page_not_found(s.text, lang));
    // 410 Gone: the form is no more, nothing was stored; the page says so politely, with the results.
    if(! c->open())
        return done(html(bh::status::gone, closed_page(s.text, lang, *c)));
    auto const type = req->msg[bh::field::content_type];
    if(! media_type_is(type, "application/x-www-form-urlencoded"))
        return done(html(bh::status::unsupported_media_type,
                         message_page(s.text, lang, "415", "Content-Type must be application/x-www-form-urlencoded.")));
    auto const fields = parse_urlencoded(req->msg.body());
    if(! fields)
        return done(html(bh::status::bad_request, message_page(s.text, lang, "400", s.text.get(lang, "error.encoding"))));

    ingest::web_submission sub{c->slug,
                               field(*fields, "text").value_or(""),
                               c->ask_region ? field(*fields, "region").value_or("") : "",
                               field(*fields, "nonce").value_or(""),
                               field(*fields, "gender").value_or(""),
                               field(*fields, "age_band").value_or("")};
    if(sub.external_id.size() > 64)
        sub.external_id.clear();
    form_state f{sub.text, sub.region, sub.gender, sub.age_band, sub.external_id, {}, {}, {}, {}};
    // Ack after commit: the 303 is sent only once the contribution is stored.
    ingest::submit_web(s.channels, "web", sub, [&s, lang, c, f, text = sub.text, done](result<store::insert_outcome> r) mutable {
        if(r)
            return done(redirect("/c/" + c->slug + "/merci?lang=" + lang));
        auto const& e = r.err();
        auto const message = localized_error(s.text, lang, e, text);
        if(e.field == "region")
            f.region_error = message;
        else if(e.field == "gender" || e.field == "age_band")
            f.demographic_error = message;
        else if(e.field == "text")
            f.text_error = message;
        else
            f.summary_error = message;
        if(e.code == errc::invalid_encoding)
            f.text.clear();  // cannot be shown back faithfully
        done(html(status_of(e.code), form_page(s.text, lang, *c, f)));
    });
}

void get_thanks(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return done(page_not_found(s.text, lang));
    done(html(bh::status::ok, thanks_page(s.text, lang, *c)));
}

void get_home(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    auto const snapshot = s.catalog.get();
    if(snapshot->size() == 1)
        return done(redirect("/c/" + snapshot->front().slug + "?lang=" + std::string(lang)));
    std::string list = "<h1>" + html_escape(s.text.get(lang, "home.heading")) + "</h1><ul>";
    for(auto const& c : *snapshot)
        if(c.open())
            list += "<li><a href=\"/c/" + html_escape(c.slug) + "?lang=" + std::string(lang) + "\">" +
                    html_escape(localized(c.title, lang)) + "</a></li>";
    list += "</ul>";
    done(html(bh::status::ok, citizen_page(s.text, lang, "baro", "/", list)));
}

void get_static(std::shared_ptr<request const> req, responder done)
{
    auto const path = "static/" + req->params.at("path");
    auto const* f = embedded::find(embedded::web_assets(), path);
    if(! f)
        return done(json_error(fail(errc::not_found, "No such file.")));
    auto const etag = "\"" + crypto::to_hex(crypto::sha256(f->content)).substr(0, 16) + "\"";
    if(req->msg[bh::field::if_none_match] == etag)
    {
        auto r = make_response(bh::status::not_modified, content_type_of(path), "");
        r.set(bh::field::etag, etag);
        return done(std::move(r));
    }
    auto r = make_response(bh::status::ok, content_type_of(path), std::string(f->content));
    r.set(bh::field::etag, etag);
    r.set(bh::field::cache_control, "public, max-age=3600");
    done(std::move(r));
}

}  // namespace

void add_citizen_routes(route_table& routes, services& s)
{
    routes.add({"GET", "/", 0, [&s](auto req, auto done) { get_home(s, std::move(req), std::move(done)); }});
    routes.add({"GET", "/c/{slug}", 0, [&s](auto req, auto done) { get_form(s, std::move(req), std::move(done)); }});
    routes.add({"POST", "/c/{slug}", max_contribution_body_bytes,
                [&s](auto req, auto done) { post_form(s, std::move(req), std::move(done)); }});
    routes.add({"GET", "/c/{slug}/merci", 0, [&s](auto req, auto done) { get_thanks(s, std::move(req), std::move(done)); }});
    routes.add({"GET", "/static/{path*}", 0, [](auto req, auto done) { get_static(std::move(req), std::move(done)); }});
}

}  // namespace baro::http
