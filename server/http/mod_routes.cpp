// The moderator console and its API: login, sessions, the queue, decisions, edits, TOTP enrolment.
// Every route checks the session and the role on the server; every state-changing one the CSRF
// token and the Origin.
#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "core/form.hpp"
#include "http/citizen_pages.hpp"
#include "http/cookies.hpp"
#include "http/mod_query.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "http/template.hpp"
#include "moderation/password.hpp"
#include "moderation/rules/credentials.hpp"
#include "moderation/rules/totp.hpp"
#include "moderation/rules/workflow.hpp"
#include "store/consultations.hpp"
#include "store/decisions.hpp"
#include "store/queue.hpp"
#include "store/sessions.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>

namespace baro::http {

namespace {

using json = nlohmann::json;
constexpr std::size_t max_mod_body_bytes = 256 * 1024;

int rank(std::string_view role)
{
    return role == "admin" ? 2 : role == "moderator" ? 1 : role == "analyst" ? 0 : -1;
}

std::string_view lang_of(request const& req)
{
    auto const q = parse_urlencoded(req.query);
    return negotiate_language(q ? field(*q, "lang").value_or("") : "", req.msg[bh::field::accept_language]);
}

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

std::string session_token(services const& s, request const& req)
{
    return cookie_value(req.msg[bh::field::cookie], session_cookie_name(s.public_url));
}

// A state-changing request must come from our own pages: same Origin when the browser says one,
// never a cross-site fetch.
bool same_origin(services const& s, request const& req)
{
    auto const origin = req.msg[bh::field::origin];
    if(! origin.empty() && origin != origin_of(s.public_url))
        return false;
    return req.msg["Sec-Fetch-Site"] != "cross-site";
}

std::string asset(std::string_view path)
{
    auto const* f = embedded::find(embedded::web_assets(), path);
    return f ? std::string(f->content) : std::string{};
}

template_values texts(messages const& m, std::string_view lang)
{
    template_values v;
    for(auto& [k, t] : m.all(lang))
        v[k] = t;
    v["lang"] = std::string(lang);
    return v;
}

response login_page(services const& s, std::string_view lang, bh::status status, std::string const& email,
                    std::string const& error_key)
{
    auto v = texts(s.text, lang);
    v["email"] = email;
    if(! error_key.empty())
        v["error_block"] = "<p class=\"error\" role=\"alert\">" + html_escape(s.text.get(lang, error_key)) + "</p>";
    auto r = html(status, render_template(asset("mod/login.html"), v));
    if(status == bh::status::too_many_requests)
        r.set(bh::field::retry_after, "60");
    return r;
}

using session_fn = std::function<void(store::session_info const&, responder)>;

// Whether a session still on its one-time password may use the route: only the password change,
// the session's own description and logout may.
enum class before_password_change { refused, allowed };

// Runs `fn` for a request with a live session of at least `min_role`. API calls get 401/403 JSON;
// pages (`page`) are sent to the login form instead.
void with_session(services& s, std::shared_ptr<request const> req, std::string_view min_role, bool changes_state,
                  bool page, responder done, session_fn fn,
                  before_password_change gate = before_password_change::refused)
{
    if(changes_state && ! same_origin(s, *req))
        return done(json_error(fail(errc::forbidden, "This request did not come from the console (Origin).")));
    store::find_session(s.db, session_token(s, *req),
                        [&s, req, min_role = std::string(min_role), changes_state, page, gate, done = std::move(done),
                         fn = std::move(fn)](result<store::session_info> found) {
                            if(! found)
                            {
                                if(page && found.err().code == errc::unauthorized)
                                    return done(redirect("/mod/login?lang=" + std::string(lang_of(*req))));
                                return done(json_error(found.err()));
                            }
                            if(found->who.must_change_password && gate == before_password_change::refused)
                            {
                                if(page)
                                    return done(redirect("/mod/password?lang=" + std::string(lang_of(*req))));
                                return done(json_response(
                                    bh::status::forbidden,
                                    json{{"error", "forbidden"},
                                         {"reason", "password_change_required"},
                                         {"message", "Change your one-time password first (POST /mod/password)."}}
                                        .dump()));
                            }
                            if(rank(found->who.role) < rank(min_role))
                                return done(json_error(fail(errc::forbidden, "Your role (" + found->who.role +
                                                                                 ") may not do this.")));
                            if(changes_state)
                            {
                                std::string token(req->msg["X-CSRF-Token"]);
                                if(token.empty())
                                    if(auto f = parse_urlencoded(req->msg.body()))
                                        token = field(*f, "csrf").value_or("");
                                if(token.empty() || ! crypto::equal_constant_time(token, found->csrf))
                                    return done(json_error(fail(errc::forbidden, "Missing or wrong CSRF token.")));
                            }
                            fn(*found, done);
                        });
}

result<json> json_body(request const& req)
{
    auto j = json::parse(req.msg.body(), nullptr, false);
    if(j.is_discarded() || ! j.is_object())
        return fail(errc::bad_request, "The body is not a JSON object.");
    return j;
}

std::optional<std::int64_t> id_param(request const& req)
{
    auto const& p = req.params.at("id");
    std::int64_t id = 0;
    auto const [end, ec] = std::from_chars(p.data(), p.data() + p.size(), id);
    if(ec != std::errc{} || end != p.data() + p.size() || id <= 0)
        return std::nullopt;
    return id;
}

auto json_done(responder done)
{
    return [done = std::move(done)](result<json> r) {
        done(r ? json_response(bh::status::ok, r->dump(-1, ' ', false, json::error_handler_t::replace))
               : json_error(r.err()));
    };
}

// Members read leniently: a member of the wrong type counts as absent (then the workflow's checks
// answer 422), never as an exception on an Asio thread.
std::string text_of(json const& j, char const* key)
{
    auto const it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

long long integer_of(json const& j, char const* key, long long absent)
{
    auto const it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long long>() : absent;
}

moderation::decision decision_of(json const& j)
{
    return {text_of(j, "action"), text_of(j, "reason"), integer_of(j, "duplicate_of", 0)};
}

std::vector<std::string> strings(json const& j, char const* key)
{
    std::vector<std::string> out;
    if(j.contains(key) && j.at(key).is_array())
        for(auto const& v : j.at(key))
            if(v.is_string() && ! v.get<std::string>().empty())
                out.push_back(v.get<std::string>());
    return out;
}

std::int64_t now_seconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// --- pages ---------------------------------------------------------------------------------------

void get_login(services& s, std::shared_ptr<request const> req, responder done)
{
    done(login_page(s, lang_of(*req), bh::status::ok, "", ""));
}

void post_login(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = std::string(lang_of(*req));
    if(! same_origin(s, *req))
        return done(login_page(s, lang, bh::status::forbidden, "", "mod.login.failed"));
    auto const f = parse_urlencoded(req->msg.body());
    if(! f)
        return done(login_page(s, lang, bh::status::bad_request, "", "mod.login.failed"));
    store::login_request lr{field(*f, "email").value_or(""), field(*f, "password").value_or(""),
                            field(*f, "code").value_or(""), req->remote, ""};
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
                                                e.field != "code" ? "mod.login.failed"
                                                : e.message.rfind("Enter", 0) == 0 ? "mod.login.code_needed"
                                                                                    : "mod.login.code_wrong"));
                     done(json_error(e));
                 });
}

response password_page(services const& s, std::string_view lang, bh::status status, store::session_info const& session,
                       std::string const& error_key)
{
    auto v = texts(s.text, lang);
    v["csrf"] = session.csrf;
    v["email"] = session.who.email;
    if(! error_key.empty())
        v["error_block"] = "<p class=\"error\" role=\"alert\">" + html_escape(s.text.get(lang, error_key)) + "</p>";
    return html(status, render_template(asset("mod/password.html"), v));
}

void get_password(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", false, true, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     done(password_page(s, lang_of(*req), bh::status::ok, session, ""));
                 },
                 before_password_change::allowed);
}

// The form of /mod/password: current password, the new one twice. Works without JavaScript; an API
// client posts the same fields (urlencoded, with its CSRF token) and reads the status.
void post_password(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", true, true, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const lang = std::string(lang_of(*req));
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
                         [](std::string const& p) { return moderation::hash_password(p); },
                         moderation::throttle_policy{},
                         [&s, lang, session, done](status st) {
                             if(st)
                                 return done(redirect("/mod?lang=" + lang));
                             auto const& e = st.err();
                             if(e.code == errc::too_many_requests)
                                 return done(password_page(s, lang, bh::status::too_many_requests, session,
                                                           "mod.login.throttled"));
                             if(e.field == "current")
                                 return done(password_page(s, lang, bh::status::unauthorized, session,
                                                           "mod.password.wrong_current"));
                             done(password_page(s, lang, status_of(e.code), session, "mod.password.failed"));
                         });
                 },
                 before_password_change::allowed);
}

void post_logout(services& s, std::shared_ptr<request const> req, responder done, bool everywhere)
{
    // A page: logging out of a session that has already ended lands on the login form, not on JSON.
    with_session(s, req, "analyst", true, true, std::move(done),
                 [&s, req, everywhere](store::session_info const&, responder done) {
                     store::logout(s.db, session_token(s, *req), everywhere, [&s, req, done](status) {
                         auto r = redirect("/mod/login?lang=" + std::string(lang_of(*req)));
                         r.set(bh::field::set_cookie, session_cookie(s.public_url, ""));
                         done(std::move(r));
                     });
                 },
                 before_password_change::allowed);
}

std::string script_json(json const& j)
{
    // Inside <script type="application/json">: "</" must not close the element.
    std::string out = j.dump(-1, ' ', false, json::error_handler_t::replace);
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
    with_session(s, req, "analyst", false, true, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const lang = lang_of(*req);
                     auto v = texts(s.text, lang);
                     v["csrf"] = session.csrf;
                     v["role"] = session.who.role;
                     v["email"] = session.who.email;
                     json messages = json::object();
                     for(auto& [k, t] : s.text.all(lang))
                         if(k.rfind("mod.", 0) == 0)
                             messages[k] = t;
                     v["messages_json"] = script_json(messages);
                     json catalog = json::array();
                     for(auto const& c : *s.catalog.get())
                     {
                         json themes = json::array();
                         for(auto const& t : c.themes)
                             themes.push_back({{"slug", t.slug}, {"label", t.label}});
                         catalog.push_back({{"slug", c.slug}, {"title", c.title}, {"themes", themes}});
                     }
                     json reasons = moderation::reject_reasons();
                     v["catalog_json"] = script_json({{"consultations", catalog}, {"reasons", reasons}});
                     done(html(bh::status::ok, render_template(asset("mod/console.html"), v)));
                 });
}

// --- API -----------------------------------------------------------------------------------------

void get_session(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", false, false, std::move(done), [](store::session_info const& session, responder done) {
        done(json_response(bh::status::ok, json{{"email", session.who.email},
                                                {"role", session.who.role},
                                                {"csrf", session.csrf},
                                                {"totp", session.who.totp_confirmed},
                                                {"must_change_password", session.who.must_change_password}}
                                               .dump()));
    }, before_password_change::allowed);
}

void get_queue(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", false, false, std::move(done), [&s, req](store::session_info const&, responder done) {
        auto const q = parse_urlencoded(req->query);
        if(! q)
            return done(json_error(fail(errc::bad_request, "The query string is malformed.")));
        auto f = parse_queue_query(*q, *s.catalog.get());
        if(! f)
            return done(json_error(f.err()));
        store::list_queue(s.db, std::move(*f), json_done(done));
    });
}

void open_item(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", true, false, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const id = id_param(*req);
        if(! id)
            return done(json_error(fail(errc::not_found, "No such contribution.")));
        // Analysts read without claiming; moderators claim what they open.
        store::open_contribution(s.db, *id, session.who.id, rank(session.who.role) >= 1, json_done(done));
    });
}

void post_decision(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "moderator", true, false, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const id = id_param(*req);
        if(! id)
            return done(json_error(fail(errc::not_found, "No such contribution.")));
        auto body = json_body(*req);
        if(! body)
            return done(json_error(body.err()));
        store::decision_request d{session.who, {*id}, decision_of(*body)};
        d.check = store::read_check::version_or_claim;
        if(body->contains("version"))
        {
            if(! body->at("version").is_number_integer() || body->at("version").get<long long>() < 1)
                return done(json_error(fail(errc::unprocessable, "\"version\" is the contribution's version as you read it.", "version")));
            d.seen_version = body->at("version").get<std::int64_t>();
        }
        if(body->contains("group"))
        {
            if(! body->at("group").is_boolean() || (body->at("group").get<bool>() && d.d.action != "publish"))
                return done(json_error(fail(errc::unprocessable, "\"group\": true goes with \"publish\" only.", "group")));
            d.whole_group = body->at("group").get<bool>();
        }
        store::decide(s.db, std::move(d), json_done(done));
    });
}

void post_edit(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "moderator", true, false, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const id = id_param(*req);
        if(! id)
            return done(json_error(fail(errc::not_found, "No such contribution.")));
        auto body = json_body(*req);
        if(! body)
            return done(json_error(body.err()));
        store::edit_request e{session.who, {*id}, {}, strings(*body, "add_tags"), strings(*body, "remove_tags"), {}, {}};
        if(body->contains("themes"))
            e.themes = strings(*body, "themes");
        if(body->contains("edited_text") && body->at("edited_text").is_string())
            e.edited_text = body->at("edited_text").get<std::string>();
        if(body->contains("featured") && body->at("featured").is_boolean())
            e.featured = body->at("featured").get<bool>();
        store::edit(s.db, std::move(e), json_done(done));
    });
}

// A bulk action names its contributions, or a filter; a filter is applied only when the caller
// confirms the count it was shown (409 with the count otherwise).
void post_bulk(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "moderator", true, false, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto body = json_body(*req);
        if(! body)
            return done(json_error(body.err()));
        auto apply = [&s, session, b = *body, done](std::vector<std::int64_t> ids) {
            if(ids.empty())
                return done(json_response(bh::status::ok, json{{"changed", json::array()}, {"refused", json::array()}}.dump()));
            if(b.contains("action"))
            {
                return store::decide(s.db, {session.who, std::move(ids), decision_of(b)}, json_done(done));
            }
            store::edit_request e{session.who, std::move(ids), {}, strings(b, "add_tags"), strings(b, "remove_tags"), {}, {}};
            store::edit(s.db, std::move(e), json_done(done));
        };
        if(body->contains("ids"))
        {
            std::vector<std::int64_t> ids;
            for(auto const& v : body->at("ids"))
                if(v.is_number_integer())
                    ids.push_back(v.get<std::int64_t>());
            if(static_cast<int>(ids.size()) > store::max_bulk)
                return done(json_error(fail(errc::unprocessable, "At most 5000 contributions at once.", "ids")));
            return apply(std::move(ids));
        }
        if(! body->contains("filter") || ! body->at("filter").is_object())
            return done(json_error(fail(errc::unprocessable, "Give \"ids\" or a \"filter\".", "filter")));
        form_fields fields;
        for(auto const& [k, v] : body->at("filter").items())
            if(v.is_string())
                fields.emplace_back(k, v.get<std::string>());
        auto f = parse_queue_query(fields, *s.catalog.get());
        if(! f)
            return done(json_error(f.err()));
        auto const expected = integer_of(*body, "confirm_count", -1);
        store::matching_ids(s.db, std::move(*f), store::max_bulk + 1,
                            [apply, expected, done](result<std::vector<std::int64_t>> ids) {
                                if(! ids)
                                    return done(json_error(ids.err()));
                                auto const n = static_cast<long long>(ids->size());
                                if(n > store::max_bulk)
                                    return done(json_error(fail(errc::unprocessable, "More than 5000 contributions match: narrow the filter.")));
                                if(n != expected)
                                    return done(json_response(bh::status::conflict,
                                                              json{{"error", "conflict"},
                                                                   {"message", std::to_string(n) + " contributions match: confirm this count."},
                                                                   {"count", n}}
                                                                  .dump()));
                                apply(std::move(*ids));
                            });
    });
}

void post_sender(services& s, std::shared_ptr<request const> req, responder done, bool erase)
{
    with_session(s, req, "moderator", true, false, std::move(done), [&s, req, erase](store::session_info const& session, responder done) {
        auto const id = id_param(*req);
        if(! id)
            return done(json_error(fail(errc::not_found, "No such contribution.")));
        if(erase)
            store::erase_sender_of(s.db, session.who, *id, json_done(done));
        else
            store::block_sender(s.db, session.who, *id, json_done(done));
    });
}

void get_audit(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", false, false, std::move(done), [&s](store::session_info const&, responder done) {
        store::recent_audit(s.db, 50, json_done(done));
    });
}

void post_totp_begin(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", true, false, std::move(done), [&s](store::session_info const& session, responder done) {
        auto secret = moderation::new_totp_secret();
        auto const uri = moderation::totp_uri("baro", session.who.email, secret);
        store::totp_begin(s.db, session.who.id, secret, [secret, uri, done](status st) {
            done(st ? json_response(bh::status::ok, json{{"secret", secret}, {"uri", uri}}.dump()) : json_error(st.err()));
        });
    });
}

void post_totp_confirm(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, "analyst", true, false, std::move(done), [&s, req](store::session_info const& session, responder done) {
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
        store::totp_confirm(s.db, session.who.id, text_of(*body, "code"), check, std::move(hashes),
                            [codes, done](status st) {
                                done(st ? json_response(bh::status::ok, json{{"recovery_codes", codes}}.dump())
                                        : json_error(st.err()));
                            });
    });
}

// The public transparency page: what moderators decided for a consultation, counted by outcome
// and reason, and the audit chain's head, so anyone can later check the record was not rewritten.
void get_transparency(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const lang = std::string(lang_of(*req));
    auto const snapshot = s.catalog.get();
    auto const* c = store::find_by_slug(*snapshot, req->params.at("slug"));
    if(! c)
        return done(html(bh::status::not_found, message_page(s.text, lang, "404", s.text.get(lang, "error.not_found"))));
    auto const title = localized(c->title, lang);
    auto const path = "/c/" + c->slug + "/transparence";
    store::transparency(s.db, c->id, [&s, lang, title, path, done](result<json> r) {
        if(! r)
            return done(html(status_of(r.err().code), message_page(s.text, lang, "503", s.text.get(lang, "error.unavailable"))));
        auto table = [&](json const& counts, std::string const& prefix) {
            std::string rows;
            for(auto const& [k, n] : counts.items())
            {
                auto const key = prefix + k;
                auto const& label = s.text.get(lang, key);
                rows += "<tr><th scope=\"row\">" + html_escape(label == key ? k : label) + "</th><td>" +
                        std::to_string(n.get<long long>()) + "</td></tr>";
            }
            return "<table>" + rows + "</table>";
        };
        std::string content = "<h1>" + html_escape(s.text.get(lang, "transparency.title")) + "</h1><p>" +
                              html_escape(title) + "</p><p>" + html_escape(s.text.get(lang, "transparency.intro")) +
                              "</p><h2>" + html_escape(s.text.get(lang, "transparency.decisions")) + "</h2>" +
                              table(r->at("outcomes"), "mod.action.") + "<h2>" +
                              html_escape(s.text.get(lang, "transparency.reasons")) + "</h2>" +
                              table(r->at("reasons"), "mod.reason.") + "<h2>" +
                              html_escape(s.text.get(lang, "transparency.head")) + "</h2><p><code class=\"hash\">" +
                              html_escape(r->at("head").get<std::string>()) + "</code> (" +
                              std::to_string(r->at("entries").get<long long>()) + " " +
                              html_escape(s.text.get(lang, "transparency.entries")) + ")</p>";
        done(html(bh::status::ok, citizen_page(s.text, lang, s.text.get(lang, "transparency.title"), path, content)));
    });
}

}  // namespace

void add_mod_routes(route_table& routes, services& s)
{
    // A body over a few KB is read only for a live session: anonymous 250 KB posts were buffered
    // in full before the handler refused them (issue #16). The handler still checks role and CSRF.
    header_check const signed_in = [&s](std::shared_ptr<request const> req, std::function<void(status)> done) {
        store::find_session(s.db, session_token(s, *req), [done = std::move(done)](result<store::session_info> found) {
            done(found ? status(ok_t{}) : status(found.err()));
        });
    };
    auto add = [&](char const* method, char const* pattern, std::size_t limit,
                   std::function<void(std::shared_ptr<request const>, responder)> fn) {
        bool const anonymous = std::string_view(pattern) == "/mod/login";
        routes.add({method, pattern, limit, std::move(fn), {}, anonymous ? header_check{} : signed_in});
    };
    add("GET", "/c/{slug}/transparence", 0, [&s](auto req, auto done) { get_transparency(s, std::move(req), std::move(done)); });
    add("GET", "/mod/login", 0, [&s](auto req, auto done) { get_login(s, std::move(req), std::move(done)); });
    add("POST", "/mod/login", 8 * 1024, [&s](auto req, auto done) { post_login(s, std::move(req), std::move(done)); });
    add("GET", "/mod/password", 0, [&s](auto req, auto done) { get_password(s, std::move(req), std::move(done)); });
    add("POST", "/mod/password", 8 * 1024, [&s](auto req, auto done) { post_password(s, std::move(req), std::move(done)); });
    add("POST", "/mod/logout", 8 * 1024, [&s](auto req, auto done) { post_logout(s, std::move(req), std::move(done), false); });
    add("POST", "/mod/logout-everywhere", 8 * 1024,
        [&s](auto req, auto done) { post_logout(s, std::move(req), std::move(done), true); });
    add("GET", "/mod", 0, [&s](auto req, auto done) { get_console(s, std::move(req), std::move(done)); });
    add("GET", "/api/v1/mod/session", 0, [&s](auto req, auto done) { get_session(s, std::move(req), std::move(done)); });
    add("GET", "/api/v1/mod/contributions", 0, [&s](auto req, auto done) { get_queue(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/open", 1024,
        [&s](auto req, auto done) { open_item(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/decision", 8 * 1024,
        [&s](auto req, auto done) { post_decision(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/edit", max_mod_body_bytes,
        [&s](auto req, auto done) { post_edit(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/block-sender", 1024,
        [&s](auto req, auto done) { post_sender(s, std::move(req), std::move(done), false); });
    add("POST", "/api/v1/mod/contributions/{id}/erase-sender", 1024,
        [&s](auto req, auto done) { post_sender(s, std::move(req), std::move(done), true); });
    add("POST", "/api/v1/mod/bulk", max_mod_body_bytes, [&s](auto req, auto done) { post_bulk(s, std::move(req), std::move(done)); });
    add("GET", "/api/v1/mod/audit", 0, [&s](auto req, auto done) { get_audit(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/totp/begin", 1024, [&s](auto req, auto done) { post_totp_begin(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/totp/confirm", 1024,
        [&s](auto req, auto done) { post_totp_confirm(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
