// Voice notes and pictures in the console (issue 15): the file itself for moderators only, a
// transcription that becomes the contribution's text, and the explicit publication of a medium.
#include "http/media_file.hpp"
#include "http/mod_support.hpp"
#include "http/response.hpp"
#include "ingest/text_fields.hpp"
#include "store/media.hpp"

namespace baro::http {

namespace {

using moderation::role;
constexpr std::size_t max_transcription_body_bytes = 64 * 1024;

// GET /mod/media/{id}: the stored file, with the type its bytes showed, never cached, never sniffed
// by the browser. The file is read on the store thread that found it, not on an Asio thread.
void get_media(services& s, std::shared_ptr<request const> req, responder done, std::string const& dir)
{
    with_session(s, req, {role::moderator, access::read, asker::api}, std::move(done),
                 [&s, req, dir](store::session_info const&, responder done) {
                     auto const id = id_param(*req);
                     if(! id || dir.empty())
                         return done(json_error(fail(errc::not_found, "No such medium.")));
                     store::find_media_file(s.db, *id, [req, done, dir](result<store::media_file> f) {
                         done(f ? media_file_response(*req, dir, *f, "no-store") : json_error(f.err()));
                     });
                 });
}

// POST /api/v1/mod/contributions/{id}/transcription {"text", "language": "fr"|"bm"}: the text runs
// through the same pipeline as a citizen's (display form, search key, language, themes).
void post_transcription(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::moderator, access::change, asker::api}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such contribution.")));
                     auto body = json_body(*req);
                     if(! body)
                         return done(json_error(body.err()));
                     auto const text = text_of(*body, "text");
                     auto const language = text_of(*body, "language");
                     if(! language.empty() && language != "fr" && language != "bm")
                         return done(json_error(fail(errc::unprocessable, "A transcription is in French or Bambara.", "language")));
                     store::find_transcription_target(
                         s.db, *id, [&s, who = session.who, id = *id, text, language, done](result<store::transcription_target> t) {
                             if(! t)
                                 return done(json_error(t.err()));
                             static store::consultation_info const unrouted;
                             auto const catalog = s.catalog.get();
                             store::consultation_info const* c = &unrouted;
                             for(auto const& candidate : *catalog)
                                 if(t->consultation_id && candidate.id == *t->consultation_id)
                                     c = &candidate;
                             store::contribution_row row;
                             ingest::fill_text_fields(row, *c, text);
                             if(row.display_text.empty())
                                 return done(json_error(fail(errc::unprocessable, "Type what the citizen said.", "text")));
                             if(! language.empty())
                                 row.language = language;  // the moderator heard it
                             store::save_transcription(s.db, who, id, std::move(row), json_done(done));
                         });
                 });
}

// POST /api/v1/mod/media/{id}/publish {"public": true|false}: the medium itself made public (or not).
void post_publish_media(services& s, std::shared_ptr<request const> req, responder done)
{
    with_session(s, req, {role::moderator, access::change, asker::api}, std::move(done),
                 [&s, req](store::session_info const& session, responder done) {
                     auto const id = id_param(*req);
                     if(! id)
                         return done(json_error(fail(errc::not_found, "No such medium.")));
                     auto body = json_body(*req);
                     if(! body)
                         return done(json_error(body.err()));
                     if(! body->contains("public") || ! body->at("public").is_boolean())
                         return done(json_error(fail(errc::unprocessable, "\"public\" is true or false.", "public")));
                     store::set_media_public(s.db, session.who, *id, body->at("public").get<bool>(), json_done(done));
                 });
}

}  // namespace

void add_mod_media_routes(route_table& routes, services& s)
{
    auto add = [&](char const* method, char const* pattern, std::size_t limit, handler fn) {
        add_mod_route(routes, s, method, pattern, limit, std::move(fn));
    };
    add("GET", "/mod/media/{id}", 0, [&s](auto req, auto done) { get_media(s, std::move(req), std::move(done), s.media_dir); });
    add("POST", "/api/v1/mod/contributions/{id}/transcription", max_transcription_body_bytes,
        [&s](auto req, auto done) { post_transcription(s, std::move(req), std::move(done)); });
    add("POST", "/api/v1/mod/media/{id}/publish", 1024,
        [&s](auto req, auto done) { post_publish_media(s, std::move(req), std::move(done)); });
}

}  // namespace baro::http
