// The queue API: the filtered list, opening (and claiming) one contribution, the audit log.
#include "core/form.hpp"
#include "http/mod_query.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "store/decisions.hpp"
#include "store/queue.hpp"

namespace baro::http {

namespace {

using moderation::role;

void get_queue(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::read, asker::api}, std::move(done),
                 [&s, req](store::session_info const&, responder done) {
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
    with_session(s, req, {role::analyst, access::change, asker::api}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such contribution.")));
                     // Analysts read without claiming; moderators claim what they open.
                     store::open_contribution(s.db, *id, session.who.id, may(session, role::moderator), json_done(done));
                 });
}

void get_audit(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::analyst, access::read, asker::api}, std::move(done),
                 [&s](store::session_info const&, responder done) { store::recent_audit(s.db, 50, json_done(done)); });
}

}  // namespace

void add_mod_queue_routes(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, std::size_t limit, handler fn) {
        add_mod_route(routes, s, method, pattern, limit, std::move(fn));
    };
    add("GET", "/api/v1/mod/contributions", 0, [&s](auto req, auto done) { get_queue(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/open", 1024,
        [&s](auto req, auto done) { open_item(s, std::move(req), std::move(done)); });
    add("GET", "/api/v1/mod/audit", 0, [&s](auto req, auto done) { get_audit(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
