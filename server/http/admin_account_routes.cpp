// Accounts, for admins (issue #11): the JSON API under /api/v1/admin/accounts and the console page
// /mod/admin/accounts, over the same readers and the same store calls. Every rule (last admin, own
// account, concurrent changes) is decided in store::change_account, under its lock.
#include "core/form.hpp"
#include "core/json_text.hpp"
#include "http/admin_account_pages.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "moderation/password.hpp"
#include "moderation/rules/account_admin.hpp"
#include "store/account_admin.hpp"

#include <charconv>

namespace baro::http {

namespace {

using moderation::account_action;
using moderation::role;

constexpr std::size_t max_account_body_bytes = 4 * 1024;

std::string hash_password(std::string const& password) { return moderation::hash_password(password); }

// What an invitation or a change says, read from a JSON body or a form alike.
struct account_input
{
    std::string email, role;
    std::optional<std::int64_t> version;
    bool version_malformed = false;
};

account_input input_of(nlohmann::json const& j)
{
    account_input in{text_of(j, "email"), text_of(j, "role"), std::nullopt, false};
    if(j.contains("version"))
    {
        if(j.at("version").is_number_integer() && j.at("version").get<long long>() > 0)
            in.version = j.at("version").get<std::int64_t>();
        else
            in.version_malformed = true;
    }
    return in;
}

account_input input_of(form_fields const& f)
{
    account_input in{field(f, "email").value_or(""), field(f, "role").value_or(""), std::nullopt, false};
    if(auto const v = field(f, "version"))
    {
        std::int64_t n = 0;
        auto const [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if(ec == std::errc{} && end == v->data() + v->size() && n > 0)
            in.version = n;
        else
            in.version_malformed = true;
    }
    return in;
}

result<moderation::role> role_of(std::string const& name)
{
    if(auto r = moderation::parse_role(name))
        return *r;
    return fail(errc::unprocessable, "\"role\" is one of admin, moderator, analyst.", "role", "role");
}

result<store::invitation> invitation_of(store::session_info const& session, account_input const& in)
{
    if(auto const problem = moderation::invite_email_problem(in.email); ! problem.empty())
        return fail(errc::unprocessable, problem, "email", "email");
    auto r = role_of(in.role);
    if(! r)
        return r.err();
    return store::invitation{session.who, in.email, *r, moderation::one_time_password()};
}

result<store::account_change> change_of(store::session_info const& session, request const& req, account_input const& in)
{
    auto const id = id_param(req);
    auto const action = moderation::parse_account_action(req.params.at("action"));
    if(! id || ! action)
        return fail(errc::not_found, "No such account or action.", "", "not_found");
    store::account_change c{session.who, *id, *action, std::nullopt, in.version};
    if(in.version_malformed)
        return fail(errc::unprocessable, "\"version\" is the account's version as you read it.", "version", "version");
    // Where two admins' decisions can contradict each other, each must say what it was decided on.
    bool const needs_version = *action == account_action::change_role || *action == account_action::disable ||
                               *action == account_action::enable;
    if(needs_version && ! in.version)
        return fail(errc::unprocessable, "Give \"version\": the account's version as you read it.", "version", "version");
    if(*action == account_action::change_role)
    {
        auto r = role_of(in.role);
        if(! r)
            return r.err();
        c.new_role = *r;
    }
    return c;
}

// The JSON error, with the machine key as "reason" (the page words the same refusal itself).
response account_error(error const& e)
{
    auto r = json_error(e);
    if(e.key.empty() || e.key == "not_found")
        return r;
    auto j = nlohmann::json::parse(r.body());
    j["reason"] = e.key;
    r.body() = dump_json(j);
    return r;
}

constexpr guard admin_reads_api{role::admin, access::read, asker::api};
constexpr guard admin_changes_api{role::admin, access::change, asker::api};
constexpr guard admin_reads_page{role::admin, access::read, asker::page};
constexpr guard admin_changes_page{role::admin, access::change, asker::page};

// ---------------------------------------------------------------- JSON API

void api_list(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, admin_reads_api, std::move(done),
                 [&s](store::session_info const&, responder done) { store::list_accounts(s.db, json_done(done)); });
}

void api_invite(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, admin_changes_api, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto body = json_body(*req);
        if(! body)
            return done(json_error(body.err()));
        auto inv = invitation_of(session, input_of(*body));
        if(! inv)
            return done(account_error(inv.err()));
        auto const password = inv->one_time_password;
        store::invite_account(s.db, std::move(*inv), hash_password, [password, done](result<nlohmann::json> r) {
            if(! r)
                return done(account_error(r.err()));
            (*r)["one_time_password"] = password;
            done(json_response(bh::status::created, dump_json(*r)));
        });
    });
}

void api_change(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, admin_changes_api, std::move(done), [&s, req](store::session_info const& session, responder done) {
        // An empty body is an empty object: sign-out and TOTP reset need nothing more.
        auto body = req->msg.body().empty() ? result<nlohmann::json>(nlohmann::json::object()) : json_body(*req);
        if(! body)
            return done(json_error(body.err()));
        auto c = change_of(session, *req, input_of(*body));
        if(! c)
            return done(account_error(c.err()));
        store::change_account(s.db, std::move(*c), [done](result<nlohmann::json> r) {
            done(r ? json_response(bh::status::ok, dump_json(*r)) : account_error(r.err()));
        });
    });
}

// ---------------------------------------------------------------- pages

std::string error_key_of(error const& e)
{
    for(char const* k : {"last_admin", "self_lockout", "version", "email_taken", "email", "role", "not_found"})
        if(e.key == k)
            return std::string("mod.accounts.error.") + k;
    return "mod.accounts.error.failed";
}

// The page with the current list; `status` tells a script or a test what happened.
void show_page(services& s, std::string lang, store::session_info session, bh::status status, accounts_notice notice,
               responder done)
{
    store::list_accounts(s.db, [&s, lang, session, status, notice, done](result<nlohmann::json> list) {
        if(! list)
            return done(json_error(list.err()));
        done(html(status, accounts_page(s.text, lang, *list, session.csrf, session.who.id, notice)));
    });
}

void page_list(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, admin_reads_page, std::move(done), [&s, req](store::session_info const& session, responder done) {
        accounts_notice notice;
        auto const shown = field(query_of(*req), "done").value_or("");
        if(shown == "invite" || moderation::parse_account_action(shown))
            notice.done_key = "mod.accounts.done." + shown;
        show_page(s, request_language(*req), session, bh::status::ok, notice, std::move(done));
    });
}

void page_invite(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, admin_changes_page, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const lang = request_language(*req);
        auto const f = parse_urlencoded(req->msg.body());
        auto inv = invitation_of(session, input_of(f.value_or(form_fields{})));
        if(! inv)
            return show_page(s, lang, session, status_of(inv.err().code), {error_key_of(inv.err()), "", "", ""}, done);
        auto const password = inv->one_time_password;
        store::invite_account(s.db, std::move(*inv), hash_password, [&s, lang, session, password, done](result<nlohmann::json> r) {
            if(! r)
                return show_page(s, lang, session, status_of(r.err().code), {error_key_of(r.err()), "", "", ""}, done);
            // Shown in this answer only: the page is no-store and nothing keeps the password in clear.
            show_page(s, lang, session, bh::status::created,
                      {"", "", r->at("email").get<std::string>(), password}, done);
        });
    });
}

void page_change(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, admin_changes_page, std::move(done), [&s, req](store::session_info const& session, responder done) {
        auto const lang = request_language(*req);
        auto const f = parse_urlencoded(req->msg.body());
        auto c = change_of(session, *req, input_of(f.value_or(form_fields{})));
        if(! c)
            return show_page(s, lang, session, status_of(c.err().code), {error_key_of(c.err()), "", "", ""}, done);
        auto const action = std::string(moderation::to_string(c->action));
        store::change_account(s.db, std::move(*c), [&s, lang, session, action, done](result<nlohmann::json> r) {
            if(! r)
                return show_page(s, lang, session, status_of(r.err().code), {error_key_of(r.err()), "", "", ""}, done);
            done(redirect("/mod/admin/accounts?lang=" + lang + "&done=" + action));
        });
    });
}

}  // namespace

void add_admin_account_routes(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, std::size_t limit, handler fn) {
        add_mod_route(routes, s, method, pattern, limit, std::move(fn));
    };
    add("GET", "/api/v1/admin/accounts", 0, [&s](auto req, auto done) { api_list(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/admin/accounts", max_account_body_bytes,
        [&s](auto req, auto done) { api_invite(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/admin/accounts/{id}/{action}", max_account_body_bytes,
        [&s](auto req, auto done) { api_change(s, std::move(req), std::move(done)); });
    add("GET", "/mod/admin/accounts", 0, [&s](auto req, auto done) { page_list(s, std::move(req), std::move(done)); });
    add("POST", "/mod/admin/accounts", max_account_body_bytes,
        [&s](auto req, auto done) { page_invite(s, std::move(req), std::move(done)); });
    add("POST", "/mod/admin/accounts/{id}/{action}", max_account_body_bytes,
        [&s](auto req, auto done) { page_change(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
