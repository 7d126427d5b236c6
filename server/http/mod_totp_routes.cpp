// The second-factor enrolment page: an account an admin invited, or whose TOTP an admin reset, passes
// here after its password change and before anything else. Plain forms: it works without JavaScript.
#include "core/markup.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "moderation/rules/totp.hpp"
#include "store/sessions.hpp"

namespace baro::http {

namespace {

using moderation::role;

constexpr guard enrolling{role::analyst, access::change, asker::page, before_password_change::refused,
                          before_totp_enrolment::allowed};

// `step`: the HTML of this step (trusted: built below with every value escaped).
response totp_page(services const& s, std::string_view lang, bh::status status, std::string const& step,
                   std::string const& error_key)
{
    auto v = console_texts(s.text, lang);
    v["step_block"] = step;
    if(! error_key.empty())
        v["error_block"] = "<p class=\"error\" role=\"alert\">" + html_escape(s.text.get(lang, error_key)) + "</p>";
    return html(status, render_template(console_asset("mod/totp.html"), v));
}

std::string form(std::string_view lang, std::string const& action, std::string const& csrf, std::string const& inner)
{
    return "<form method=\"post\" action=\"" + action + "?lang=" + html_escape(lang) +
           "\" accept-charset=\"utf-8\"><input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(csrf) + "\">" + inner +
           "</form>";
}

std::string begin_step(services const& s, std::string_view lang, std::string const& csrf)
{
    return "<p>" + html_escape(s.text.get(lang, "mod.totp.intro")) + "</p>" +
           form(lang, "/mod/totp/begin", csrf,
                "<button type=\"submit\" autofocus>" + html_escape(s.text.get(lang, "mod.totp.begin")) + "</button>");
}

std::string code_step(services const& s, std::string_view lang, std::string const& csrf, std::string const& secret,
                      std::string const& uri)
{
    std::string shown;
    if(! secret.empty())
        shown = "<p>" + html_escape(s.text.get(lang, "mod.totp.secret")) + " <code id=\"totp-secret\">" + html_escape(secret) +
                "</code></p><p class=\"hint\"><code id=\"totp-uri\">" + html_escape(uri) + "</code></p>";
    return shown + form(lang, "/mod/totp", csrf,
                        "<label for=\"code\">" + html_escape(s.text.get(lang, "mod.totp.code")) +
                            "</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\""
                            " required autofocus><button type=\"submit\">" +
                            html_escape(s.text.get(lang, "mod.totp.confirm")) + "</button>");
}

void get_totp(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::read, asker::page, before_password_change::refused, before_totp_enrolment::allowed},
                 std::move(done), [&s, req](store::session_info const& session, responder done) {
                     auto const lang = request_language(*req);
                     if(! session.who.must_enrol_totp)
                         return done(redirect("/mod?lang=" + lang));
                     done(totp_page(s, lang, bh::status::ok, begin_step(s, lang, session.csrf), ""));
                 });
}

void post_totp_begin(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, enrolling, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const lang = request_language(*req);
        auto secret = moderation::new_totp_secret();
        auto uri = moderation::totp_uri("baro", session.who.email, secret);
        store::totp_begin(s.db, session.who.id, secret, [&s, lang, session, secret, uri, done](status st) {
            if(! st)
                return done(totp_page(s, lang, status_of(st.err().code), begin_step(s, lang, session.csrf), "mod.totp.failed"));
            done(totp_page(s, lang, bh::status::ok, code_step(s, lang, session.csrf, secret, uri), ""));
        });
    });
}

void post_totp_confirm(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, enrolling, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const lang = request_language(*req);
        auto const f = parse_urlencoded(req->msg.body());
        auto const code = f ? field(*f, "code").value_or("") : std::string{};
        auto codes = moderation::new_recovery_codes();
        std::vector<std::string> hashes;
        for(auto const& c : codes)
            hashes.push_back(moderation::hash_recovery_code(c));
        auto check = [](std::string const& secret, std::string const& c, std::int64_t last) {
            return moderation::totp_verify(secret, c, now_seconds(), last);
        };
        store::totp_confirm(s.db, session.who.id, code, check, std::move(hashes), [&s, lang, session, codes, done](status st) {
            if(! st && st.err().field == "code")
                return done(totp_page(s, lang, bh::status::unprocessable_entity, code_step(s, lang, session.csrf, "", ""),
                                      "mod.login.code_wrong"));
            if(! st)
                return done(totp_page(s, lang, status_of(st.err().code), begin_step(s, lang, session.csrf), "mod.totp.failed"));
            std::string list;
            for(auto const& c : codes)
                list += "<li><code>" + html_escape(c) + "</code></li>";
            done(totp_page(s, lang, bh::status::ok,
                           "<p>" + html_escape(s.text.get(lang, "mod.totp.recovery")) + "</p><ol id=\"totp-codes\">" + list +
                               "</ol><p><a id=\"continue\" href=\"/mod?lang=" + html_escape(lang) + "\">" +
                               html_escape(s.text.get(lang, "mod.totp.continue")) + "</a></p>",
                           ""));
        });
    });
}

}  // namespace

void add_mod_totp_routes(route_table& routes, services& s)
{
    add_mod_route(routes, s, "GET", "/mod/totp", 0, [&s](auto req, auto done) { get_totp(s, std::move(req), std::move(done)); });
    add_mod_route(routes, s, "POST", "/mod/totp/begin", 1024,
                  [&s](auto req, auto done) { post_totp_begin(s, std::move(req), std::move(done)); });
    add_mod_route(routes, s, "POST", "/mod/totp", 1024,
                  [&s](auto req, auto done) { post_totp_confirm(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
