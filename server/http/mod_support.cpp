#include "http/mod_support.hpp"

#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "core/form.hpp"
#include "core/json_text.hpp"
#include "http/cookies.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"

#include <charconv>
#include <chrono>

namespace baro::http {

template_values console_texts(messages const& m, std::string_view lang)
{
    template_values v;
    for(auto& [k, t] : m.all(lang))
        v[k] = t;
    v["lang"] = std::string(lang);
    return v;
}

std::string console_asset(std::string_view path)
{
    auto const* f = embedded::find(embedded::web_assets(), path);
    return f ? std::string(f->content) : std::string{};
}

std::string session_token(services const& s, request const& req)
{
    return cookie_value(req.msg[bh::field::cookie], session_cookie_name(s.public_url));
}

bool same_origin(services const& s, request const& req)
{
    auto const origin = req.msg[bh::field::origin];
    if(! origin.empty() && origin != origin_of(s.public_url))
        return false;
    return req.msg["Sec-Fetch-Site"] != "cross-site";
}

bool may(store::session_info const& session, moderation::role r)
{
    auto const role = moderation::parse_role(session.who.role);
    return role && moderation::includes(*role, r);
}

void with_session(services& s, std::shared_ptr<request const> req, guard g, responder done, session_fn fn)
{
    if(g.what == access::change && ! same_origin(s, *req))
        return done(json_error(fail(errc::forbidden, "This request did not come from the console (Origin).")));
    store::find_session(
        s.db, session_token(s, *req), [req, g, done = std::move(done), fn = std::move(fn)](result<store::session_info> found) {
            if(! found)
            {
                if(g.who == asker::page && found.err().code == errc::unauthorized)
                    return done(redirect("/mod/login?lang=" + request_language(*req)));
                return done(json_error(found.err()));
            }
            if(found->who.must_change_password && g.gate == before_password_change::refused)
            {
                if(g.who == asker::page)
                    return done(redirect("/mod/password?lang=" + request_language(*req)));
                return done(json_response(bh::status::forbidden,
                                          nlohmann::json{{"error", "forbidden"},
                                                         {"reason", "password_change_required"},
                                                         {"message", "Change your one-time password first (POST /mod/password)."}}
                                              .dump()));
            }
            if(found->who.must_enrol_totp && g.gate == before_password_change::refused &&
               g.enrolment == before_totp_enrolment::refused)
            {
                if(g.who == asker::page)
                    return done(redirect("/mod/totp?lang=" + request_language(*req)));
                return done(json_response(
                    bh::status::forbidden,
                    nlohmann::json{{"error", "forbidden"},
                                   {"reason", "totp_enrolment_required"},
                                   {"message", "Enrol a second factor first (/mod/totp, or POST /api/v1/mod/totp/begin)."}}
                        .dump()));
            }
            if(! may(*found, g.role))
                return done(json_error(fail(errc::forbidden, "Your role (" + found->who.role + ") may not do this.")));
            if(g.what == access::change)
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

result<nlohmann::json> json_body(request const& req)
{
    auto j = nlohmann::json::parse(req.msg.body(), nullptr, false);
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

std::function<void(result<nlohmann::json>)> json_done(responder done)
{
    return [done = std::move(done)](result<nlohmann::json> r) {
        done(r ? json_response(bh::status::ok, dump_json(*r)) : json_error(r.err()));
    };
}

std::string text_of(nlohmann::json const& j, char const* key)
{
    auto const it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

long long integer_of(nlohmann::json const& j, char const* key, long long absent)
{
    auto const it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long long>() : absent;
}

std::vector<std::string> strings(nlohmann::json const& j, char const* key)
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

void add_mod_route(route_table& routes, services& s, char const* method, char const* pattern, std::size_t limit, handler fn)
{
    header_check const signed_in = [&s](std::shared_ptr<request const> req, std::function<void(status)> done) {
        store::find_session(s.db, session_token(s, *req), [done = std::move(done)](result<store::session_info> found) {
            done(found ? status(ok_t{}) : status(found.err()));
        });
    };
    bool const anonymous = std::string_view(pattern) == "/mod/login";
    routes.add({method, pattern, limit, std::move(fn), {}, anonymous ? header_check{} : signed_in});
}

void add_mod_routes(route_table& routes, services& s)
{
    add_mod_login_routes(routes, s);
    add_mod_queue_routes(routes, s);
    add_mod_decision_routes(routes, s);
    add_mod_media_routes(routes, s);
    add_admin_routes(routes, s);
    add_admin_pages(routes, s);
    add_mod_totp_routes(routes, s);
    add_admin_account_routes(routes, s);
}

}  // namespace baro::http
