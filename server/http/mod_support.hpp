#pragma once
// What the moderator console's routes share: the session guard and lenient readers of JSON bodies.
// Every route checks the session and the role on the server; every state-changing one the CSRF
// token and the Origin.
#include "core/result.hpp"
#include "http/message.hpp"
#include "http/services.hpp"
#include "http/template.hpp"
#include "moderation/rules/roles.hpp"
#include "store/sessions.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace baro::http {

/// Whether a request only reads, or changes state (then its Origin and CSRF token are checked).
enum class access
{
    read,
    change
};
/// Who asks: the console's script (401/403 as JSON) or a person opening a page (sent to the login form).
enum class asker
{
    api,
    page
};

/// Whether a session still on its one-time password may use the route: only the password change,
/// the session's own description and logout may.
enum class before_password_change
{
    refused,
    allowed
};

/// Whether a session whose account must enrol a second factor (an admin's invitation or TOTP reset)
/// may use the route before it has: only enrolment itself, and what is allowed before a password change.
enum class before_totp_enrolment
{
    refused,
    allowed
};

/// What a console route needs before its handler runs.
struct guard
{
    moderation::role role;
    access what;
    asker who;
    before_password_change gate = before_password_change::refused;
    before_totp_enrolment enrolment = before_totp_enrolment::refused;
};

/// Runs `fn` for a request with a live session that passes `g`; answers 401/403 (or, for a page,
/// redirects to the login form) otherwise.
using session_fn = std::function<void(store::session_info const&, responder)>;
void with_session(services& s, std::shared_ptr<request const> req, guard g, responder done, session_fn fn);

/// True when the session's account may do what `r` may (an unknown stored role may do nothing).
bool may(store::session_info const& session, moderation::role r);

/// The console's strings in `lang` as template values, with "lang" itself.
template_values console_texts(messages const& m, std::string_view lang);

/// A console template or asset embedded from client-web/ ("mod/login.html"), or "".
std::string console_asset(std::string_view path);

/// The session cookie's token.
std::string session_token(services const& s, request const& req);

/// A state-changing request must come from our own pages: same Origin when the browser says one,
/// never a cross-site fetch.
bool same_origin(services const& s, request const& req);

/// The body as a JSON object, or errc::bad_request.
result<nlohmann::json> json_body(request const& req);

/// The route's positive {id}, or nullopt.
std::optional<std::int64_t> id_param(request const& req);

/// A completion that answers 200 with the JSON, or the error.
std::function<void(result<nlohmann::json>)> json_done(responder done);

// Members read leniently: a member of the wrong type counts as absent (then the workflow's checks
// answer 422), never as an exception on an Asio thread.
/// The string member `key`, or "".
std::string text_of(nlohmann::json const& j, char const* key);
/// The integer member `key`, or `absent`.
long long integer_of(nlohmann::json const& j, char const* key, long long absent);
/// The non-empty strings of the array member `key`.
std::vector<std::string> strings(nlohmann::json const& j, char const* key);

/// Seconds since 1970, for TOTP.
std::int64_t now_seconds();

/// Adds a console route. A body over anonymous_body_bytes is read only for a live session (anonymous
/// 250 KB posts were buffered in full before the handler refused them, issue #16); the handler still
/// checks role and CSRF. /mod/login is the one route without a session.
void add_mod_route(route_table& routes, services& s, char const* method, char const* pattern, std::size_t limit, handler fn);

/// GET|POST /mod/login, /mod/password, /mod/logout…, GET /mod (the console page), the session API
/// and TOTP enrolment.
void add_mod_login_routes(route_table& routes, services& s);
/// GET|POST /mod/totp…: the second-factor enrolment page an invited account must pass.
void add_mod_totp_routes(route_table& routes, services& s);
/// /mod/admin/accounts… (pages) and /api/v1/admin/accounts… (JSON): accounts, for admins.
void add_admin_account_routes(route_table& routes, services& s);
/// GET /api/v1/mod/contributions (the queue), POST …/{id}/open, GET /api/v1/mod/audit.
void add_mod_queue_routes(route_table& routes, services& s);
/// POST …/{id}/decision, …/{id}/edit, …/{id}/assign, …/{id}/undo, …/{id}/block-sender, …/{id}/erase-sender,
/// /api/v1/mod/bulk.
void add_mod_decision_routes(route_table& routes, services& s);
/// GET /mod/media/{id} (the file, for moderators), POST …/{id}/transcription, /api/v1/mod/media/{id}/publish.
void add_mod_media_routes(route_table& routes, services& s);
/// The organiser's JSON API: /api/v1/admin/consultations… (admins only).
void add_admin_routes(route_table& routes, services& s);
/// The organiser's pages: /mod/admin, /mod/admin/consultations… (admins only).
void add_admin_pages(route_table& routes, services& s);

}  // namespace baro::http
