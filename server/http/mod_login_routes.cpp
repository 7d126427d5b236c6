// The console's doors: the login form, logout, the console page itself, the session API and TOTP
// enrolment.
#include "core/crypto.hpp"
#include "core/form.hpp"
#include "core/json_text.hpp"
#include "core/markup.hpp"
#include "http/cookies.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "http/template.hpp"
#include "moderation/password.hpp"
#include "moderation/rules/credentials.hpp"
#include "moderation/rules/totp.hpp"
#include "moderation/rules/workflow.hpp"
#include "store/consultations.hpp"
#include "store/sessions.hpp"

namespace baro::http {

namespace {

using moderation::role;

// The key of failed logins' identifier tags: derived from the pepper, so tags stay comparable across
// restarts; without a pepper, a key for this process only.
std::string const& identifier_key(services const& s)
{
    static std::string const key =
        s.keys.pepper.empty() ? crypto::random_bytes(32) : crypto::hmac_sha256(s.keys.pepper, "baro login identifier");
    return key;
}

bool check_password(std::string const& password, std::string const& hash)
{
    static std::string const decoy = moderation::hash_password(crypto::random_hex(16));
    bool const ok = moderation::verify_password(hash.empty() ? decoy : hash, password);
    return ok && ! hash.empty();
}

response login_page(services const& s, std::string_view lang, bh::status status, std::string const& email,
                    std::string const& error_key)
{
    auto v = console_texts(s.text, lang);
    v["email"] = email;
    if(! error_key.empty())
        v["error_block"] = "<p class=\"error\" role=\"alert\">" + html_escape(s.text.get(lang, error_key)) + "</p>";
    auto r = html(status, render_template(console_asset("mod/login.html"), v));
    if(status == bh::status::too_many_requests)
        r.set(bh::field::retry_after, "60");
    return r;
}

void get_login(services& s, std::shared_ptr<request const> req, responder done)
{
    done(login_page(s, request_language(*req), bh::status::ok, "", ""));
}

void post_login(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = request_language(*req);
    if(! same_origin(s, *req))
        return done(login_page(s, lang, bh::status::forbidden, "", "mod.login.failed"));
    auto const f = parse_urlencoded(req->msg.body());
    if(! f)
        return done(login_page(s, lang, bh::status::bad_request, "", "mod.login.failed"));
    store::login_request lr{field(*f, "email").value_or(""), field(*f, "password").value_or(""), field(*f, "code").value_or(""),
                            req->remote, ""};
    lr.identifier_tag = moderation::login_identifier_tag(identifier_key(s), lr.email);
    auto const email = lr.email.substr(0, moderation::max_email_bytes);
    auto check_totp = [](std::string const& secret, std::string const& code, std::int64_t last) {
        return moderation::totp_verify(secret, code, now_seconds(), last);
    };
    auto hash_recovery = [](std::string const& code) { return moderation::hash_recovery_code(code); };
    store::login(s.db, std::move(lr), check_password, check_totp, hash_recovery, moderation::throttle_policy{},
                 [&s, lang, email, done](result<store::login_result> r) {
                     if(r)
                     {
                         auto res = redirect("/mod?lang=" + lang);
                         res.set(bh::field::set_cookie, session_cookie(s.public_url, r->token));
                         return done(std::move(res));
                     }
                     auto const& e = r.err();
                     if(e.code == errc::too_many_requests)
                         return done(login_page(s, lang, bh::status::too_many_requests, email, "mod.login.throttled"));
                     if(e.code == errc::unauthorized)
                         return done(login_page(s, lang, bh::status::unauthorized, email,
                                                e.field != "code"        ? "mod.login.failed"
                                                : e.key == "code_needed" ? "mod.login.code_needed"
                                                                         : "mod.login.code_wrong"));
                     done(json_error(e));
                 });
}

response password_page(services const& s, std::string_view lang, bh::status status, store::session_info const& session,
                       std::string const& error_key)
{
    auto v = console_texts(s.text, lang);
    v["csrf"] = session.csrf;
    v["email"] = session.who.email;
    if(! error_key.empty())
        v["error_block"] = "<p class=\"error\" role=\"alert\">" + html_escape(s.text.get(lang, error_key)) + "</p>";
    return html(status, render_template(console_asset("mod/password.html"), v));
}

void get_password(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::read, asker::page, before_password_change::allowed}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     done(password_page(s, request_language(*req), bh::status::ok, session, ""));
                 });
}

// The form of /mod/password: current password, the new one twice. Works without JavaScript; an API
// client posts the same fields (urlencoded, with its CSRF token) and reads the status.
void post_password(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(
        s, req, {role::analyst, access::change, asker::page, before_password_change::allowed}, std::move(done),
        [&s, req](store::session_info const& session, responder done) {
            auto const lang = request_language(*req);
            auto const f = parse_urlencoded(req->msg.body());
            if(! f)
                return done(password_page(s, lang, bh::status::bad_request, session, "mod.password.failed"));
            auto const current = field(*f, "current").value_or("");
            auto const chosen = field(*f, "new").value_or("");
            auto const problem = moderation::new_password_problem(current, chosen, field(*f, "repeat").value_or(""));
            if(! problem.empty())
                return done(password_page(s, lang, bh::status::unprocessable_entity, session, problem));
            store::change_password(
                s.db, session_token(s, *req), current, chosen, req->remote, check_password,
                [](std::string const& p) { return moderation::hash_password(p); }, moderation::throttle_policy{},
                [&s, lang, session, done](status st) {
                    if(st)
                        return done(redirect("/mod?lang=" + lang));
                    auto const& e = st.err();
                    if(e.code == errc::too_many_requests)
                        return done(password_page(s, lang, bh::status::too_many_requests, session, "mod.login.throttled"));
                    if(e.field == "current")
                        return done(password_page(s, lang, bh::status::unauthorized, session, "mod.password.wrong_current"));
                    done(password_page(s, lang, status_of(e.code), session, "mod.password.failed"));
                });
        });
}

void post_logout(services& s, std::shared_ptr<request const> req, responder done, bool everywhere)
{
    // A page: logging out of a session that has already ended lands on the login form, not on JSON.
    with_session(s, req, {role::analyst, access::change, asker::page, before_password_change::allowed}, std::move(done),
                 [&s, req, everywhere](store::session_info const&, responder done) {
                     store::logout(s.db, session_token(s, *req), everywhere, [&s, req, done](status) {
                         auto r = redirect("/mod/login?lang=" + request_language(*req));
                         r.set(bh::field::set_cookie, session_cookie(s.public_url, ""));
                         done(std::move(r));
                     });
                 });
}

std::string script_json(nlohmann::json const& j)
{
    // Inside <script type="application/json">: "</" must not close the element.
    std::string out = dump_json(j);
    std::string safe;
    for(std::size_t i = 0; i < out.size(); ++i)
    {
        if(out[i] == '<')
            safe += "\\u003c";
        else
            safe += out[i];
    }
    return safe;
}

void get_console(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::read, asker::page}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const lang = request_language(*req);
                     auto v = console_texts(s.text, lang);
                     v["csrf"] = session.csrf;
                     v["role"] = session.who.role;
                     v["email"] = session.who.email;
                     // The organiser's way in to the workspace: admins only (the pages refuse others anyway).
                     v["admin_link"] = session.who.role == "admin"
                                           ? "<a id=\"admin-link\" href=\"/mod/admin?lang=" + html_escape(lang) + "\">" +
                                                 html_escape(s.text.get(lang, "admin.title")) + "</a>"
                                           : std::string();
                     nlohmann::json messages = nlohmann::json::object();
                     for(auto& [k, t] : s.text.all(lang))
                         if(k.rfind("mod.", 0) == 0)
                             messages[k] = t;
                     v["messages_json"] = script_json(messages);
                     nlohmann::json catalog = nlohmann::json::array();
                     for(auto const& c : *s.catalog.get())
                     {
                         nlohmann::json themes = nlohmann::json::array();
                         for(auto const& t : c.themes)
                             if(! t.retired)  // kept for history, no longer offered
                                 themes.push_back({{"slug", t.slug}, {"label", t.label}});
                         catalog.push_back({{"slug", c.slug}, {"title", c.title}, {"themes", themes}});
                     }
                     nlohmann::json reasons = moderation::reject_reasons();
                     v["catalog_json"] = script_json({{"consultations", catalog}, {"reasons", reasons}});
                     done(html(bh::status::ok, render_template(console_asset("mod/console.html"), v)));
                 });
}

void get_session(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::read, asker::api, before_password_change::allowed}, std::move(done),
                 [](store::session_info const& session, responder done) {
                     done(json_response(bh::status::ok, nlohmann::json{{"email", session.who.email},
                                                                       {"role", session.who.role},
                                                                       {"csrf", session.csrf},
                                                                       {"totp", session.who.totp_confirmed},
                                                                       {"must_enrol_totp", session.who.must_enrol_totp},
                                                                       {"must_change_password", session.who.must_change_password}}
                                                            .dump()));
                 });
}

void post_totp_begin(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::change, asker::api, before_password_change::refused, before_totp_enrolment::allowed},
                 std::move(done), [&s](store::session_info const& session, responder done) {
                     auto secret = moderation::new_totp_secret();
                     auto const uri = moderation::totp_uri("baro", session.who.email, secret);
                     store::totp_begin(s.db, session.who.id, secret, [secret, uri, done](status st) {
                         done(st ? json_response(bh::status::ok, nlohmann::json{{"secret", secret}, {"uri", uri}}.dump())
                                 : json_error(st.err()));
                     });
                 });
}

void post_totp_confirm(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(
        s, req, {role::analyst, access::change, asker::api, before_password_change::refused, before_totp_enrolment::allowed},
        std::move(done), [&s, req](store::session_info const& session, responder done) {
            auto body = json_body(*req);
            if(! body)
                return done(json_error(body.err()));
            auto codes = moderation::new_recovery_codes();
            std::vector<std::string> hashes;
            for(auto const& c : codes)
                hashes.push_back(moderation::hash_recovery_code(c));
            auto check = [](std::string const& secret, std::string const& code, std::int64_t last) {
                return moderation::totp_verify(secret, code, now_seconds(), last);
            };
            store::totp_confirm(s.db, session.who.id, text_of(*body, "code"), check, std::move(hashes), [codes, done](status st) {
                done(st ? json_response(bh::status::ok, nlohmann::json{{"recovery_codes", codes}}.dump()) : json_error(st.err()));
            });
        });
}

}  // namespace

void add_mod_login_routes(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, std::size_t limit, handler fn) {
        add_mod_route(routes, s, method, pattern, limit, std::move(fn));
    };
    add("GET", "/mod/login", 0, [&s](auto req, auto done) { get_login(s, std::move(req), std::move(done)); });
    add("POST", "/mod/login", 8 * 1024, [&s](auto req, auto done) { post_login(s, std::move(req), std::move(done)); });
    add("GET", "/mod/password", 0, [&s](auto req, auto done) { get_password(s, std::move(req), std::move(done)); });
    add("POST", "/mod/password", 8 * 1024, [&s](auto req, auto done) { post_password(s, std::move(req), std::move(done)); });
    add("POST", "/mod/logout", 8 * 1024, [&s](auto req, auto done) { post_logout(s, std::move(req), std::move(done), false); });
    add("POST", "/mod/logout-everywhere", 8 * 1024,
        [&s](auto req, auto done) { post_logout(s, std::move(req), std::move(done), true); });
    add("GET", "/mod", 0, [&s](auto req, auto done) { get_console(s, std::move(req), std::move(done)); });
    add("GET", "/api/v1/mod/session", 0, [&s](auto req, auto done) { get_session(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/totp/begin", 1024,
        [&s](auto req, auto done) { post_totp_begin(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/totp/confirm", 1024,
        [&s](auto req, auto done) { post_totp_confirm(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
