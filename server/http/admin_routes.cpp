// The organiser's JSON API, /api/v1/admin/consultations…: admins only, with the console's session
// and CSRF rules (mod_support). Every change is one transaction with its audit entry; the catalog
// is reloaded after it, so intake and public pages see it at once.
#include "http/admin_fields.hpp"
#include "http/admin_replies.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "store/consultation_admin.hpp"
#include "store/consultations.hpp"
#include "store/reply_settings.hpp"

namespace baro::http {

namespace {

using moderation::role;
constexpr std::size_t max_admin_body_bytes = 64 * 1024;

// Answers the store's result, and reloads the catalog first when something changed.
store::admin_done changed(services& s, responder done)
{
    return [&s, done = std::move(done)](result<nlohmann::json> r) {
        if(! r)
            return done(json_error(r.err()));
        s.catalog.refresh(s.db, [done, body = std::move(*r)](bool) { done(json_response(bh::status::ok, body.dump())); });
    };
}

using admin_fn = std::function<void(store::session_info const&, nlohmann::json const& body, responder)>;

void admin_change(services& s, std::shared_ptr<request const> req, responder done, admin_fn fn)
{
    with_session(s, req, {role::admin, access::change, asker::api}, std::move(done),
                 [req, fn = std::move(fn)](store::session_info const& session, responder done) {
                     auto body = json_body(*req);
                     if(! body)
                         return done(json_error(body.err()));
                     fn(session, *body, std::move(done));
                 });
}

std::string const& param(request const& req, char const* name) { return req.params.at(name); }


}  // namespace

void start_reindex(services& s, store::moderator_info who, std::string const& slug, store::admin_done done)
{
    if(! s.reindex)
        return done(fail(errc::unavailable, "Re-running suggestions is not available on this server."));
    auto const c = s.catalog.find(slug);
    if(! c)  // drafts are not loaded: they have taken nothing to re-run
        return done(fail(errc::conflict, "\"" + slug + "\" has no contributions to re-run (draft, or unknown).", "status"));
    if(s.reindex->status(c->id).state == "running")
        return done(fail(errc::conflict, "Suggestions are being re-run for \"" + slug + "\" already.", "reindex"));
    store::record_reindex(s.db, std::move(who), slug, [&s, done](result<nlohmann::json> r) {
        if(! r)
            return done(r.err());
        auto const id = r->at("consultation_id").get<std::int64_t>();
        if(! s.reindex->start(s.catalog.get(), id))
            return done(fail(errc::conflict, "Suggestions are being re-run already.", "reindex"));
        done(reindex_json(s.reindex->status(id)));
    });
}

void add_admin_routes(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, handler fn) {
        add_mod_route(routes, s, method, pattern, max_admin_body_bytes, std::move(fn));
    };
    add("GET", "/api/v1/admin/consultations", [&s](auto req, auto done) {
        with_session(s, req, {role::admin, access::read, asker::api}, std::move(done),
                     [&s](store::session_info const&, responder done) { store::list_consultations(s.db, json_done(done)); });
    });
    add("GET", "/api/v1/admin/consultations/{slug}", [&s](auto req, auto done) {
        with_session(s, req, {role::admin, access::read, asker::api}, std::move(done),
                     [&s, req](store::session_info const&, responder done) {
                         store::read_consultation(s.db, param(*req, "slug"), json_done(done));
                     });
    });
    add("POST", "/api/v1/admin/consultations", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s](auto const& session, auto const& body, responder done) {
            auto f = consultation_fields_of(body);
            if(! f)
                return done(json_error(f.err()));
            store::create_consultation(s.db, session.who, std::move(*f), changed(s, done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const& body, responder done) {
            auto const version = integer_of(body, "version", 0);
            if(version < 1)
                return done(json_error(version_needed()));
            auto f = consultation_fields_of(body);
            if(! f)
                return done(json_error(f.err()));
            store::update_consultation(s.db, session.who, param(*req, "slug"), version, std::move(*f), changed(s, done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/status", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const& body, responder done) {
            store::set_consultation_status(s.db, session.who, param(*req, "slug"), text_of(body, "status"), changed(s, done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/themes", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const& body, responder done) {
            auto t = theme_fields_of(body);
            if(! t)
                return done(json_error(t.err()));
            store::create_theme(s.db, session.who, param(*req, "slug"), std::move(*t), changed(s, done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/themes/{theme}", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto body, responder done) {
            body["slug"] = param(*req, "theme");
            auto t = theme_fields_of(body);
            if(! t)
                return done(json_error(t.err()));
            // A lexicon edit replaces what another admin may have saved: it names what it read.
            if(! t->version)
                return done(json_error(version_needed()));
            store::update_theme(s.db, session.who, param(*req, "slug"), std::move(*t), changed(s, done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/themes/{theme}/retire", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const& body, responder done) {
            auto const version = version_of(body);
            if(! version)
                return done(json_error(version.err()));
            store::retire_theme(s.db, session.who, param(*req, "slug"), param(*req, "theme"), *version, changed(s, done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/lexicon-preview", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const&, auto const& body, responder done) {
            auto t = theme_fields_of(nlohmann::json{{"slug", "preview"},
                                                    {"label", {{"fr", "preview"}}},
                                                    {"keywords_fr", body.value("keywords_fr", nlohmann::json::array())},
                                                    {"keywords_bm", body.value("keywords_bm", nlohmann::json::array())}});
            if(! t)
                return done(json_error(t.err()));
            // Matching runs in the store's completion, on its thread: never on an Asio thread.
            store::latest_texts(s.db, param(*req, "slug"), store::lexicon_preview_sample,
                                [t = std::move(*t), done](result<std::vector<store::sample_text>> sample) {
                                    if(! sample)
                                        return done(json_error(sample.err()));
                                    done(json_response(bh::status::ok,
                                                       lexicon_preview(*sample, t.keywords_fr, t.keywords_bm).dump()));
                                });
        });
    });
    // Re-running theme suggestion on stored contributions after a lexicon change: the job runs on a
    // thread of its own; GET reads its progress.
    add("GET", "/api/v1/admin/consultations/{slug}/reindex", [&s](auto req, auto done) {
        with_session(s, req, {role::admin, access::read, asker::api}, std::move(done),
                     [&s, req](store::session_info const&, responder done) {
                         auto const c = s.catalog.find(param(*req, "slug"));
                         if(! c || ! s.reindex)
                             return done(json_response(bh::status::ok, reindex_json({}).dump()));
                         done(json_response(bh::status::ok, reindex_json(s.reindex->status(c->id)).dump()));
                     });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/reindex", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const&, responder done) {
            start_reindex(s, session.who, param(*req, "slug"), [done](result<nlohmann::json> r) {
                done(r ? json_response(bh::status::accepted, r->dump()) : json_error(r.err()));
            });
        });
    });
    // Replies to citizens (docs/channels.md): what `baro replies set` writes, per channel.
    add("GET", "/api/v1/admin/consultations/{slug}/replies", [&s](auto req, auto done) {
        with_session(s, req, {role::admin, access::read, asker::api}, std::move(done),
                     [&s, req](store::session_info const&, responder done) {
                         store::read_reply_settings(s.db, param(*req, "slug"), json_done(done));
                     });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/replies/{channel}", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const& body, responder done) {
            auto const& channel = param(*req, "channel");
            if(! is_reply_channel(channel))
                return done(json_error(fail(errc::not_found, "No replies are sent on " + channel + ".", "channel")));
            auto setting = reply_setting_of(body);
            if(! setting)
                return done(json_error(setting.err()));
            store::save_reply_setting(s.db, session.who, param(*req, "slug"), channel, std::move(*setting), json_done(done));
        });
    });
    add("POST", "/api/v1/admin/consultations/{slug}/themes/{theme}/merge", [&s](auto req, auto done) {
        admin_change(s, req, std::move(done), [&s, req](auto const& session, auto const& body, responder done) {
            auto into = text_of(body, "into");
            if(into.empty())
                return done(json_error(fail(errc::unprocessable, "into names the theme that takes the contributions.", "into")));
            auto const version = version_of(body);
            if(! version)
                return done(json_error(version.err()));
            store::merge_themes(s.db, session.who, param(*req, "slug"), param(*req, "theme"), std::move(into), *version,
                                changed(s, done));
        });
    });
}

}  // namespace baro::http
