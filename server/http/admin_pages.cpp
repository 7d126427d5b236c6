// The organiser's pages, /mod/admin…: plain HTML forms that work without JavaScript and by
// keyboard, posting to the same store calls as the JSON API (admin_routes.cpp). A save answers 303
// to the consultation's page; a refusal shows the form again with the message, and the status the
// API would give (409 for a stale version, 422 for a bad field).
#include "core/form.hpp"
#include "core/markup.hpp"
#include "http/admin_fields.hpp"
#include "http/admin_replies.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "moderation/rules/consultation_fields.hpp"
#include "store/consultation_admin.hpp"
#include "store/consultations.hpp"
#include "store/reply_settings.hpp"

namespace baro::http {

namespace {

using moderation::role;
using nlohmann::json;
constexpr std::size_t max_admin_form_bytes = 64 * 1024;

std::string esc(std::string_view s) { return html_escape(s); }

struct page_text
{
    messages const& m;
    std::string lang;
    std::string operator()(char const* key) const { return esc(m.get(lang, key)); }
};

std::string layout(page_text const& t, std::string const& title, std::string const& body)
{
    return "<!doctype html><html lang=\"" + t.lang +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
           esc(title) + " · baro</title><link rel=\"stylesheet\" href=\"/static/mod/console.css\"></head><body class=\"admin\"><main>" +
           "<nav aria-label=\"admin\"><a href=\"/mod?lang=" + t.lang + "\">" + t("mod.console.title") + "</a> · <a href=\"/mod/admin?lang=" +
           t.lang + "\">" + t("admin.title") + "</a> · <a href=\"?lang=fr\" lang=\"fr\">Français</a> <a href=\"?lang=bm\" lang=\"bm\">Bamanankan</a> "
           "<a href=\"?lang=en\" lang=\"en\">English</a></nav>" + body + "</main></body></html>";
}

std::string text_input(std::string const& name, std::string const& label, std::string const& value, std::string const& extra = "",
                       std::string id = "")
{
    if(id.empty())
        id = name;
    return "<p><label for=\"" + id + "\">" + label + "</label><br><input id=\"" + id + "\" name=\"" + name + "\" value=\"" +
           esc(value) + "\" " + extra + "></p>";
}

std::string localized_value(json const& j, char const* key, char const* lang)
{
    return j.contains(key) && j.at(key).contains(lang) && j.at(key).at(lang).is_string() ? j.at(key).at(lang).get<std::string>() : "";
}

// For display: the text in `lang`, else in French.
std::string shown_in(json const& j, char const* key, std::string const& lang)
{
    auto v = localized_value(j, key, lang.c_str());
    return v.empty() ? localized_value(j, key, "fr") : v;
}

std::string string_of(json const& j, char const* key)
{
    return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

std::string joined(json const& j, char const* key)
{
    std::string out;
    if(j.contains(key) && j.at(key).is_array())
        for(auto const& v : j.at(key))
            out += (out.empty() ? "" : "\n") + v.get<std::string>();
    return out;
}

// The consultation form, filled with `c` (the stored record, or what was typed).
std::string consultation_form(page_text const& t, json const& c, std::string const& action, std::string const& csrf, bool editing)
{
    std::string f = "<form method=\"post\" action=\"" + esc(action) + "?lang=" + t.lang + "\" accept-charset=\"utf-8\">";
    f += "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\"><input type=\"hidden\" name=\"checkboxes_sent\" value=\"1\">"
         "<input type=\"hidden\" name=\"channels_sent\" value=\"1\">";
    if(editing)
        f += "<input type=\"hidden\" name=\"version\" value=\"" + std::to_string(c.value("version", 0)) + "\">";
    f += text_input("slug", t("admin.slug"), string_of(c, "slug"), "required pattern=\"[a-z0-9][a-z0-9\\-]{0,62}\"");
    for(auto const lang : {"fr", "bm", "en"})
        f += text_input(std::string("title_") + lang, t("admin.title_field") + " (" + lang + ")", localized_value(c, "title", lang),
                        std::string(lang) == "fr" ? "required" : "");
    for(auto const lang : {"fr", "bm", "en"})
        f += "<p><label for=\"description_" + std::string(lang) + "\">" + t("admin.description") + " (" + lang +
             ")</label><br><textarea id=\"description_" + std::string(lang) + "\" name=\"description_" + lang + "\" rows=\"3\">" +
             esc(localized_value(c, "description", lang)) + "</textarea></p>";
    auto const zone = std::string(" (") + moderation::consultation_time_zone + ", UTC+0)";
    f += text_input("opens_at", t("admin.opens_at") + zone, string_of(c, "opens_at"), "type=\"datetime-local\"");
    f += text_input("closes_at", t("admin.closes_at") + zone, string_of(c, "closes_at"), "type=\"datetime-local\"");
    f += "<fieldset><legend>" + t("admin.channels") + "</legend>";
    std::vector<std::string> taken;
    if(c.contains("channels"))
        taken = c.at("channels").get<std::vector<std::string>>();
    else
        taken = {"web", "sms", "ussd", "whatsapp", "messenger", "telegram"};
    for(auto const& ch : moderation::known_channels())
        f += "<label><input type=\"checkbox\" name=\"channels\" value=\"" + ch + "\"" +
             (std::find(taken.begin(), taken.end(), ch) != taken.end() ? " checked" : "") + "> " + ch + "</label> ";
    f += "</fieldset>";
    f += text_input("sms_keyword", t("admin.sms_keyword"), string_of(c, "sms_keyword"));
    f += "<p><label for=\"recipients\">" + t("admin.recipients") + "</label><br><textarea id=\"recipients\" name=\"recipients\" rows=\"4\">" +
         esc(joined(c, "recipients")) + "</textarea></p>";
    auto box = [&](char const* name, char const* label, bool on) {
        return "<p><label><input type=\"checkbox\" name=\"" + std::string(name) + "\"" + (on ? " checked" : "") + "> " + t(label) +
               "</label></p>";
    };
    f += box("default_unrouted", "admin.default_unrouted", c.value("default_unrouted", false));
    f += box("ask_region", "admin.ask_region", ! c.contains("questions") || c.at("questions").value("region", true));
    auto const asked = [&](char const* question) { return c.contains("questions") && c.at("questions").value(question, false); };
    f += "<fieldset><legend>" + t("admin.demographics") + "</legend><p class=\"hint\">" + t("admin.demographics_hint") + "</p>";
    f += box("ask_gender", "admin.ask_gender", asked("gender"));
    f += box("ask_age_band", "admin.ask_age_band", asked("age_band"));
    f += "</fieldset>";
    f += box("show_source_links", "admin.show_source_links", c.value("show_source_links", false));
    auto const days = c.find("media_retention_days");  // as typed when a save was refused: maybe not a number
    f += text_input("media_retention_days", t("admin.media_retention_days"),
                    days == c.end() ? std::to_string(store::default_media_retention_days)
                    : days->is_string() ? days->get<std::string>()
                                        : days->dump(),
                    "type=\"number\" min=\"" + std::to_string(store::min_media_retention_days) + "\" max=\"" +
                        std::to_string(store::max_media_retention_days) + "\" required");
    f += "<p class=\"hint\">" + t("admin.media_retention_hint") + "</p>";
    f += "<p><button type=\"submit\">" + t(editing ? "admin.save" : "admin.create") + "</button></p></form>";
    return f;
}

std::string error_block(page_text const& t, error const& e)
{
    return "<div class=\"error\" role=\"alert\"><p><strong>" + t(e.code == errc::conflict ? "admin.conflict" : "admin.refused") +
           "</strong></p><p>" + esc(e.message) + (e.field.empty() ? "" : " (" + esc(e.field) + ")") + "</p></div>";
}

std::string preview_form(page_text const& t, std::string const& base, std::string const& hidden, std::string const& fr,
                         std::string const& bm)
{
    return "<h3 id=\"preview\">" + t("admin.preview") + "</h3><form method=\"post\" action=\"" + base + "/lexicon-preview?lang=" + t.lang +
           "\" accept-charset=\"utf-8\">" + hidden + "<p><label for=\"preview_fr\">" + t("admin.keywords_fr") +
           "</label><br><textarea id=\"preview_fr\" name=\"keywords_fr\" rows=\"3\">" + esc(fr) +
           "</textarea></p><p><label for=\"preview_bm\">" + t("admin.keywords_bm") +
           "</label><br><textarea id=\"preview_bm\" name=\"keywords_bm\" rows=\"3\">" + esc(bm) + "</textarea></p><p><button type=\"submit\">" +
           t("admin.preview_button") + "</button></p></form>";
}

std::string preview_page(page_text const& t, std::string const& slug, std::string const& csrf, json const& typed, json const& preview)
{
    auto const base = "/mod/admin/consultations/" + esc(slug);
    std::string b = "<h1>" + t("admin.preview") + " <small>(" + esc(slug) + ")</small></h1><p>" + t("admin.preview_sampled") + " " +
                    std::to_string(preview.at("sampled").get<std::size_t>()) + "</p><table><thead><tr><th>" + t("admin.keyword") +
                    "</th><th>lang</th><th>" + t("admin.matches") + "</th><th>" + t("admin.examples") + "</th></tr></thead><tbody>";
    for(auto const& k : preview.at("keywords"))
    {
        b += "<tr><td>" + esc(k.at("keyword").get<std::string>()) + "</td><td>" + k.at("language").get<std::string>() + "</td><td>" +
             std::to_string(k.at("matches").get<std::size_t>()) + "</td><td><ul>";
        for(auto const& e : k.at("examples"))
            b += "<li>#" + std::to_string(e.at("id").get<long long>()) + " " + esc(e.at("text").get<std::string>()) + "</li>";
        b += "</ul></td></tr>";
    }
    b += "</tbody></table>" +
         preview_form(t, base, "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">", joined(typed, "keywords_fr"),
                      joined(typed, "keywords_bm")) +
         "<p><a href=\"" + base + "?lang=" + t.lang + "#themes\">" + t("admin.back") + "</a></p>";
    return layout(t, t.m.get(t.lang, "admin.preview"), b);
}

std::string list_page(page_text const& t, json const& list, std::string const& csrf, json const& typed, std::optional<error> e)
{
    std::string b = "<h1>" + t("admin.consultations") + "</h1><table><thead><tr><th>" + t("admin.slug") + "</th><th>" +
                    t("admin.title_field") + "</th><th>" + t("admin.phase") + "</th><th>" + t("admin.contributions") +
                    "</th></tr></thead><tbody>";
    for(auto const& c : list.at("consultations"))
        b += "<tr><td><a href=\"/mod/admin/consultations/" + esc(c.at("slug").get<std::string>()) + "?lang=" + t.lang + "\">" +
             esc(c.at("slug").get<std::string>()) + "</a></td><td>" + esc(shown_in(c, "title", t.lang)) + "</td><td>" +
             t((std::string("admin.phase.") + c.at("phase").get<std::string>()).c_str()) + "</td><td>" +
             std::to_string(c.at("contributions").get<long long>()) + "</td></tr>";
    b += "</tbody></table><h2 id=\"new\">" + t("admin.new_consultation") + "</h2>";
    if(e)
        b += error_block(t, *e);
    b += consultation_form(t, typed, "/mod/admin/consultations", csrf, false);
    return layout(t, t.m.get(t.lang, "admin.consultations"), b);
}

// New keywords apply to new contributions at once; this re-runs them on the stored ones, in the
// background, and says how far it got (the page is refreshed by hand: no JavaScript needed).
std::string reindex_form(page_text const& t, std::string const& base, std::string const& hidden, json const& job)
{
    auto const state = job.value("state", std::string("idle"));
    std::string b = "<h3 id=\"reindex\">" + t("admin.reindex") + "</h3><p>" + t("admin.reindex_intro") + "</p>";
    if(state != "idle")
        b += "<p role=\"status\">" + t(("admin.reindex_" + state).c_str()) + " " + std::to_string(job.value("done", 0)) + " / " +
             std::to_string(job.value("total", 0)) + (state == "running" ? " — <a href=\"" + base + "?lang=" + t.lang + "#reindex\">" +
                                                                          t("admin.reindex_refresh") + "</a>"
                                                                    : std::string()) +
             "</p>";
    return b + "<form method=\"post\" action=\"" + base + "/reindex?lang=" + t.lang + "\">" + hidden +
           "<p><button type=\"submit\"" + (state == "running" ? " disabled" : "") + ">" + t("admin.reindex_button") +
           "</button></p></form>";
}

// One theme of the list; an active one carries its edit, merge and retire forms in a <details> that
// Enter opens. Each form names the consultation's version read: a lexicon edit on a stale page is 409.
std::string theme_item(page_text const& t, std::string const& base, std::string const& hidden, json const& c, json const& th)
{
    auto const slug = th.at("slug").get<std::string>();
    auto const id = "theme-" + esc(slug);
    std::string li = "<li id=\"" + id + "\">" + esc(slug) + " — " + esc(shown_in(th, "label", t.lang));
    if(th.at("retired").get<bool>() || c.at("status") == "archived")
        return li + (th.at("retired").get<bool>() ? " (" + t("admin.retired") + ")" : "") + "</li>";
    auto const action = base + "/themes/" + esc(slug);
    auto const lang = "?lang=" + t.lang;
    auto const with_version = hidden + "<input type=\"hidden\" name=\"version\" value=\"" +
                              std::to_string(c.at("version").get<long long>()) + "\">";
    li += "<details><summary>" + t("admin.edit_theme") + " · " + esc(slug) + "</summary><form method=\"post\" action=\"" + action +
          lang + "\" accept-charset=\"utf-8\">" + with_version;
    for(auto const l : {"fr", "bm", "en"})
        li += text_input(std::string("label_") + l, t("admin.label") + " (" + l + ")", localized_value(th, "label", l),
                         std::string(l) == "fr" ? "required" : "", id + "-label_" + l);
    for(auto const key : {"keywords_fr", "keywords_bm"})
        li += "<p><label for=\"" + id + "-" + key + "\">" + t((std::string("admin.") + key).c_str()) + "</label><br><textarea id=\"" +
              id + "-" + key + "\" name=\"" + key + "\" rows=\"3\">" + esc(joined(th, key)) + "</textarea></p>";
    li += "<p><button type=\"submit\">" + t("admin.save") + "</button></p></form>";
    std::string others;
    for(auto const& o : c.at("themes"))
        if(! o.at("retired").get<bool>() && o.at("slug") != slug)
            others += "<option value=\"" + esc(o.at("slug").get<std::string>()) + "\">" + esc(shown_in(o, "label", t.lang)) + "</option>";
    if(! others.empty())
        li += "<form method=\"post\" action=\"" + action + "/merge" + lang + "\">" + with_version + "<p><label for=\"" + id +
              "-into\">" + t("admin.merge_into") + "</label> <select id=\"" + id + "-into\" name=\"into\">" + others +
              "</select> <button type=\"submit\">" + t("admin.merge") + "</button></p></form>";
    return li + "<form method=\"post\" action=\"" + action + "/retire" + lang + "\">" + with_version + "<p><button type=\"submit\">" +
           t("admin.retire") + "</button></p></form></details></li>";
}

std::string edit_page(page_text const& t, json const& c, std::string const& csrf, std::optional<error> e, json const* typed,
                      json const& replies)
{
    auto const slug = c.at("slug").get<std::string>();
    auto const base = "/mod/admin/consultations/" + esc(slug);
    auto const hidden = "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
    std::string b = "<h1>" + esc(shown_in(c, "title", t.lang)) + " <small>(" + esc(slug) + ")</small></h1><p>" +
                    t("admin.phase") + ": <strong id=\"phase\">" +
                    t((std::string("admin.phase.") + c.at("phase").get<std::string>()).c_str()) + "</strong> · " +
                    t("admin.contributions") + ": " + std::to_string(c.at("contributions").get<long long>()) + " · <a href=\"/c/" +
                    esc(slug) + "/resultats?lang=" + t.lang + "\">" + t("closed.results") + "</a></p>";
    if(e)
        b += error_block(t, *e);
    bool const archived = c.at("status") == "archived";
    if(! archived)
    {
        b += "<form method=\"post\" action=\"" + base + "/status?lang=" + t.lang + "\" class=\"status\">" + hidden;
        for(auto const to : {"open", "closed", "archived"})
            b += "<button type=\"submit\" name=\"status\" value=\"" + std::string(to) + "\">" +
                 t((std::string("admin.to.") + to).c_str()) + "</button> ";
        b += "</form>";
        auto shown = typed ? *typed : c;
        shown["version"] = c.at("version");
        b += "<h2>" + t("admin.edit") + "</h2>" + consultation_form(t, shown, base, csrf, true);
    }
    else
        b += "<p>" + t("admin.read_only") + "</p>";
    b += "<h2 id=\"themes\">" + t("admin.themes") + "</h2><ul class=\"themes\">";
    for(auto const& th : c.at("themes"))
        b += theme_item(t, base, hidden, c, th);
    b += "</ul>";
    if(! archived)
        b += "<h3>" + t("admin.new_theme") + "</h3><form method=\"post\" action=\"" + base + "/themes?lang=" + t.lang +
             "\" accept-charset=\"utf-8\">" + hidden + text_input("slug", t("admin.slug"), "", "required", "theme_slug") +
             text_input("label_fr", t("admin.label") + " (fr)", "", "required") + text_input("label_bm", t("admin.label") + " (bm)", "") +
             text_input("label_en", t("admin.label") + " (en)", "") +
             "<p><label for=\"keywords_fr\">" + t("admin.keywords_fr") +
             "</label><br><textarea id=\"keywords_fr\" name=\"keywords_fr\" rows=\"3\"></textarea></p><p><label for=\"keywords_bm\">" +
             t("admin.keywords_bm") + "</label><br><textarea id=\"keywords_bm\" name=\"keywords_bm\" rows=\"3\"></textarea></p><p><button type=\"submit\">" +
             t("admin.add_theme") + "</button></p></form>";
    b += preview_form(t, base, hidden, "", "");
    b += reindex_form(t, base, hidden, c.value("reindex", json::object()));
    b += reply_settings_section(t.m, t.lang, slug, csrf, replies, ! archived);
    return layout(t, slug, b);
}

using page_fn = std::function<void(store::session_info const&, page_text const&, responder)>;

void admin_page(services& s, std::shared_ptr<request const> req, access what, responder done, page_fn fn)
{
    with_session(s, req, {role::admin, what, asker::page}, std::move(done),
                 [&s, req, fn = std::move(fn)](store::session_info const& session, responder done) {
                     fn(session, page_text{s.text, request_language(*req)}, std::move(done));
                 });
}

json form_json(request const& req)
{
    auto const f = parse_urlencoded(req.msg.body());
    return f ? json_of_form(*f) : json::object();
}

void show_list(services& s, store::session_info const& session, page_text const& t, responder done, json typed,
               std::optional<error> e)
{
    store::list_consultations(s.db, [t, csrf = session.csrf, done, typed = std::move(typed), e](result<json> list) {
        if(! list)
            return done(json_error(list.err()));
        done(html(e ? status_of(e->code) : bh::status::ok, list_page(t, *list, csrf, typed, e)));
    });
}

void show_edit(services& s, store::session_info const& session, page_text const& t, std::string slug, responder done,
               std::optional<error> e = {}, std::optional<json> typed = {})
{
    store::read_consultation(s.db, slug, [&s, slug, t, csrf = session.csrf, done, e, typed](result<json> c) {
        if(! c)
            return done(json_error(c.err()));
        if(auto const loaded = s.catalog.find(slug); loaded && s.reindex)
            (*c)["reindex"] = reindex_json(s.reindex->status(loaded->id));
        store::read_reply_settings(s.db, slug, [t, csrf, done, e, typed, c = std::move(*c)](result<json> replies) {
            if(! replies)
                return done(json_error(replies.err()));
            done(html(e ? status_of(e->code) : bh::status::ok, edit_page(t, c, csrf, e, typed ? &*typed : nullptr, *replies)));
        });
    });
}

// After a change: back to the consultation's page (303), or the page again with the refusal.
store::admin_done after_change(services& s, store::session_info const& session, page_text const& t, std::string slug,
                               responder done, std::optional<json> typed = {})
{
    return [&s, session, t, slug, done, typed](result<json> r) {
        if(! r)
        {
            if(r.err().code == errc::not_found && r.err().field == "slug")
                return done(json_error(r.err()));
            return show_edit(s, session, t, slug, done, r.err(), typed);
        }
        auto const to = r->at("slug").get<std::string>();
        s.catalog.refresh(s.db, [done, to, lang = t.lang](bool) {
            done(redirect("/mod/admin/consultations/" + to + "?lang=" + lang));
        });
    };
}

}  // namespace

void add_admin_pages(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, handler fn) {
        add_mod_route(routes, s, method, pattern, max_admin_form_bytes, std::move(fn));
    };
    add("GET", "/mod/admin", [&s](auto req, auto done) {
        admin_page(s, req, access::read, std::move(done), [](auto const&, page_text const& t, responder done) {
            done(html(bh::status::ok,
                      layout(t, t.m.get(t.lang, "admin.title"),
                             "<h1>" + t("admin.title") + "</h1><ul><li><a href=\"/mod/admin/consultations?lang=" + t.lang + "\">" +
                                 t("admin.consultations") + "</a></li><li><a href=\"/mod/admin/accounts?lang=" + t.lang + "\">" +
                                 t("admin.accounts") + "</a></li></ul>")));
        });
    });
    add("GET", "/mod/admin/consultations", [&s](auto req, auto done) {
        admin_page(s, req, access::read, std::move(done), [&s](auto const& session, page_text const& t, responder done) {
            show_list(s, session, t, std::move(done), json::object(), std::nullopt);
        });
    });
    add("POST", "/mod/admin/consultations", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto typed = form_json(*req);
            auto f = consultation_fields_of(typed);
            if(! f)
                return show_list(s, session, t, std::move(done), typed, f.err());
            store::create_consultation(s.db, session.who, std::move(*f), [&s, session, t, done, typed](result<json> r) {
                if(! r)
                    return show_list(s, session, t, done, typed, r.err());
                auto const to = r->at("slug").get<std::string>();
                s.catalog.refresh(s.db, [done, to, lang = t.lang](bool) {
                    done(redirect("/mod/admin/consultations/" + to + "?lang=" + lang));
                });
            });
        });
    });
    add("GET", "/mod/admin/consultations/{slug}", [&s](auto req, auto done) {
        admin_page(s, req, access::read, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            show_edit(s, session, t, req->params.at("slug"), std::move(done));
        });
    });
    add("POST", "/mod/admin/consultations/{slug}", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto typed = form_json(*req);
            auto f = consultation_fields_of(typed);
            if(! f)
                return show_edit(s, session, t, slug, std::move(done), f.err(), typed);
            store::update_consultation(s.db, session.who, slug, integer_of(typed, "version", 0), std::move(*f),
                                       after_change(s, session, t, slug, std::move(done), typed));
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/status", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            store::set_consultation_status(s.db, session.who, slug, text_of(form_json(*req), "status"),
                                           after_change(s, session, t, slug, std::move(done)));
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/lexicon-preview", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto typed = form_json(*req);
            auto fr = strings(typed, "keywords_fr");
            auto bm = strings(typed, "keywords_bm");
            store::latest_texts(s.db, slug, store::lexicon_preview_sample,
                                [t, slug, csrf = session.csrf, typed, fr, bm, done](result<std::vector<store::sample_text>> sample) {
                                    if(! sample)
                                        return done(json_error(sample.err()));
                                    done(html(bh::status::ok, preview_page(t, slug, csrf, typed, lexicon_preview(*sample, fr, bm))));
                                });
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/reindex", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            start_reindex(s, session.who, slug, [&s, session, t, slug, done](result<json> r) {
                if(! r)
                    return show_edit(s, session, t, slug, done, r.err());
                done(redirect("/mod/admin/consultations/" + slug + "?lang=" + t.lang + "#reindex"));
            });
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/replies/{channel}", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto const channel = req->params.at("channel");
            if(! is_reply_channel(channel))
                return done(json_error(fail(errc::not_found, "No replies are sent on " + channel + ".", "channel")));
            auto const f = parse_urlencoded(req->msg.body());
            auto setting = reply_setting_of(f ? reply_json_of_form(*f) : json::object());
            if(! setting)
                return show_edit(s, session, t, slug, std::move(done), setting.err());
            store::save_reply_setting(s.db, session.who, slug, channel, std::move(*setting),
                                      [&s, session, t, slug, done](result<json> r) {
                                          if(! r)
                                              return r.err().code == errc::not_found ? done(json_error(r.err()))
                                                                                     : show_edit(s, session, t, slug, done, r.err());
                                          done(redirect("/mod/admin/consultations/" + slug + "?lang=" + t.lang + "#replies"));
                                      });
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/themes", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto th = theme_fields_of(form_json(*req));
            if(! th)
                return show_edit(s, session, t, slug, std::move(done), th.err());
            store::create_theme(s.db, session.who, slug, std::move(*th), after_change(s, session, t, slug, std::move(done)));
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/themes/{theme}", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto typed = form_json(*req);
            typed["slug"] = req->params.at("theme");
            auto th = theme_fields_of(typed);
            if(th && ! th->version)
                th = version_needed();
            if(! th)
                return show_edit(s, session, t, slug, std::move(done), th.err());
            store::update_theme(s.db, session.who, slug, std::move(*th), after_change(s, session, t, slug, std::move(done)));
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/themes/{theme}/merge", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto const typed = form_json(*req);
            auto const version = version_of(typed);
            if(! version)
                return show_edit(s, session, t, slug, std::move(done), version.err());
            store::merge_themes(s.db, session.who, slug, req->params.at("theme"), text_of(typed, "into"), *version,
                                after_change(s, session, t, slug, std::move(done)));
        });
    });
    add("POST", "/mod/admin/consultations/{slug}/themes/{theme}/retire", [&s](auto req, auto done) {
        admin_page(s, req, access::change, std::move(done), [&s, req](auto const& session, page_text const& t, responder done) {
            auto const slug = req->params.at("slug");
            auto const version = version_of(form_json(*req));
            if(! version)
                return show_edit(s, session, t, slug, std::move(done), version.err());
            store::retire_theme(s.db, session.who, slug, req->params.at("theme"), *version,
                                after_change(s, session, t, slug, std::move(done)));
        });
    });
}

}  // namespace baro::http
