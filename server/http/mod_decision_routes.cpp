// Decisions: one contribution's decision, edit, assignment and undo, blocking or erasing its sender, and bulk actions.
#include "core/form.hpp"
#include "http/mod_query.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "ingest/text_fields.hpp"
#include "moderation/rules/workflow.hpp"
#include "store/curation.hpp"
#include "store/decisions.hpp"
#include "store/queue.hpp"

namespace baro::http {

namespace {

using moderation::role;
constexpr std::size_t max_mod_body_bytes = 256 * 1024;

moderation::decision decision_of(nlohmann::json const& j)
{
    return {text_of(j, "action"), text_of(j, "reason"), integer_of(j, "duplicate_of", 0)};
}

// The body's "version": the contribution's version as the moderator read it; none when absent.
result<std::optional<std::int64_t>> version_of(nlohmann::json const& body)
{
    if(! body.contains("version"))
        return std::optional<std::int64_t>();
    if(! body.at("version").is_number_integer() || body.at("version").get<long long>() < 1)
        return fail(errc::unprocessable, "\"version\" is the contribution's version as you read it.", "version");
    return std::optional<std::int64_t>(body.at("version").get<std::int64_t>());
}

// "themes": an array of theme slugs (possibly empty: "none of these"), or absent.
result<std::optional<std::vector<std::string>>> themes_of(nlohmann::json const& body)
{
    if(! body.contains("themes"))
        return std::optional<std::vector<std::string>>();
    auto const& v = body.at("themes");
    if(! v.is_array() || ! std::all_of(v.begin(), v.end(), [](auto const& t) { return t.is_string(); }))
        return fail(errc::unprocessable, "\"themes\" is a list of theme names (empty for none of them).", "themes");
    return std::optional<std::vector<std::string>>(strings(body, "themes"));
}

// An assignment of unrouted messages to the consultation named by the body's "consultation" slug;
// the consultation's compiled lexicons suggest their themes.
result<store::assign_request> assignment_of(services& s, store::session_info const& session, nlohmann::json const& body)
{
    auto const slug = text_of(body, "consultation");
    auto c = s.catalog.find(slug);
    if(slug.empty() || ! c)
        return fail(errc::unprocessable, "Name the consultation to assign to (its slug).", "consultation");
    store::assign_request a{session.who, {}, c->id, c->slug, [c](std::string const& raw) {
                                store::contribution_row row;
                                ingest::fill_text_fields(row, *c, raw);
                                return row.suggested_themes;
                            }};
    return a;
}

void post_decision(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(
        s, req, {role::moderator, access::change, asker::api}, std::move(done),
        [&s, req](store::session_info const& session, responder done) {
            auto const id = id_param(*req);
            if(! id)
                return done(json_error(fail(errc::not_found, "No such contribution.")));
            auto body = json_body(*req);
            if(! body)
                return done(json_error(body.err()));
            store::decision_request d{session.who, {*id}, decision_of(*body)};
            d.check = store::read_check::version_or_claim;
            auto const version = version_of(*body);
            if(! version)
                return done(json_error(version.err()));
            d.seen_version = *version;
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
    with_session(s, req, {role::moderator, access::change, asker::api}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such contribution.")));
                     auto body = json_body(*req);
                     if(! body)
                         return done(json_error(body.err()));
                     store::edit_request e{session.who, {*id}, {}, strings(*body, "add_tags"), strings(*body, "remove_tags"),
                                           {},          {}};
                     auto const themes = themes_of(*body);
                     if(! themes)
                         return done(json_error(themes.err()));
                     e.themes = *themes;
                     auto const version = version_of(*body);
                     if(! version)
                         return done(json_error(version.err()));
                     e.seen_version = *version;
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
    with_session(
        s, req, {role::moderator, access::change, asker::api}, std::move(done),
        [&s, req](store::session_info const& session, responder done) {
            auto body = json_body(*req);
            if(! body)
                return done(json_error(body.err()));
            auto apply = [&s, session, b = *body, done](std::vector<std::int64_t> ids) {
                if(ids.empty())
                    return done(json_response(
                        bh::status::ok,
                        nlohmann::json{{"changed", nlohmann::json::array()}, {"refused", nlohmann::json::array()}}.dump()));
                if(b.contains("action"))
                {
                    return store::decide(s.db, {session.who, std::move(ids), decision_of(b)}, json_done(done));
                }
                if(b.contains("consultation"))
                {
                    auto a = assignment_of(s, session, b);
                    if(! a)
                        return done(json_error(a.err()));
                    a->ids = std::move(ids);
                    return store::assign(s.db, std::move(*a), json_done(done));
                }
                store::edit_request e{session.who, std::move(ids), {}, strings(b, "add_tags"), strings(b, "remove_tags"), {}, {}};
                auto themes = themes_of(b);
                if(! themes)
                    return done(json_error(themes.err()));
                e.themes = std::move(*themes);
                store::edit(s.db, std::move(e), json_done(done));
            };
            if(body->contains("ids"))
            {
                std::vector<std::int64_t> ids;
                for(auto const& v : body->at("ids"))
                    if(v.is_number_integer())
                        ids.push_back(v.get<std::int64_t>());
                if(static_cast<int>(ids.size()) > store::max_bulk)
                    return done(json_error(fail(
                        errc::unprocessable, "At most " + std::to_string(store::max_bulk) + " contributions at once.", "ids")));
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
            store::matching_ids(
                s.db, std::move(*f), store::max_bulk + 1, [apply, expected, done](result<std::vector<std::int64_t>> ids) {
                    if(! ids)
                        return done(json_error(ids.err()));
                    auto const n = static_cast<long long>(ids->size());
                    if(n > store::max_bulk)
                        return done(json_error(fail(errc::unprocessable, "More than " + std::to_string(store::max_bulk) +
                                                                             " contributions match: narrow the filter.")));
                    if(n != expected)
                        return done(json_response(
                            bh::status::conflict,
                            nlohmann::json{{"error", "conflict"},
                                           {"message", std::to_string(n) + " contributions match: confirm this count."},
                                           {"count", n}}
                                .dump()));
                    apply(std::move(*ids));
                });
        });
}

// Puts the unrouted message into a consultation: {"consultation": slug, "version"?}.
void post_assign(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::moderator, access::change, asker::api}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such contribution.")));
                     auto body = json_body(*req);
                     if(! body)
                         return done(json_error(body.err()));
                     auto a = assignment_of(s, session, *body);
                     if(! a)
                         return done(json_error(a.err()));
                     auto const version = version_of(*body);
                     if(! version)
                         return done(json_error(version.err()));
                     a->ids = {*id};
                     a->seen_version = *version;
                     store::assign(s.db, std::move(*a), json_done(done));
                 });
}

// Takes back the caller's last decision on a contribution, within store::undo_window: {"version"?}.
void post_undo(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::moderator, access::change, asker::api}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such contribution.")));
                     auto body = json_body(*req);
                     if(! body)
                         return done(json_error(body.err()));
                     auto const version = version_of(*body);
                     if(! version)
                         return done(json_error(version.err()));
                     store::undo(s.db, {session.who, *id, *version}, json_done(done));
                 });
}

void post_sender(services& s, std::shared_ptr<request const> req, responder done, bool erase)
{
    with_session(s, req, {role::moderator, access::change, asker::api}, std::move(done),
                 [&s, req, erase](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such contribution.")));
                     if(erase)
                         store::erase_sender_of(s.db, session.who, *id, json_done(done));
                     else
                         store::block_sender(s.db, session.who, *id, json_done(done));
                 });
}

}  // namespace

void add_mod_decision_routes(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, std::size_t limit, handler fn) {
        add_mod_route(routes, s, method, pattern, limit, std::move(fn));
    };
    add("POST", "/api/v1/mod/contributions/{id}/decision", 8 * 1024,
        [&s](auto req, auto done) { post_decision(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/edit", max_mod_body_bytes,
        [&s](auto req, auto done) { post_edit(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/block-sender", 1024,
        [&s](auto req, auto done) { post_sender(s, std::move(req), std::move(done), false); });
    add("POST", "/api/v1/mod/contributions/{id}/erase-sender", 1024,
        [&s](auto req, auto done) { post_sender(s, std::move(req), std::move(done), true); });
    add("POST", "/api/v1/mod/contributions/{id}/assign", 8 * 1024,
        [&s](auto req, auto done) { post_assign(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/contributions/{id}/undo", 1024,
        [&s](auto req, auto done) { post_undo(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/bulk", max_mod_body_bytes,
        [&s](auto req, auto done) { post_bulk(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
