#include "core/crypto.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "ingest/deliver.hpp"
#include "ingest/submission.hpp"

#include <nlohmann/json.hpp>

namespace baro::http {

namespace {

constexpr std::size_t max_idempotency_key_chars = 200;

bool printable_ascii(std::string_view s)
{
    for(char c : s)
        if(c < 0x21 || c > 0x7e)
            return false;
    return true;
}

void post_contribution(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const type = req->msg[bh::field::content_type];
    if(! media_type_is(type, "application/json"))
        return done(json_error(fail(errc::unsupported_media, "Content-Type must be application/json.")));
    auto const key = std::string(req->msg["Idempotency-Key"]);
    bool const sent_key = req->msg.find("Idempotency-Key") != req->msg.end();
    if((sent_key && key.empty()) || key.size() > max_idempotency_key_chars || ! printable_ascii(key))
        return done(json_error(fail(errc::bad_request, "Idempotency-Key must be 1 to 200 printable ASCII characters.")));

    auto const body = nlohmann::json::parse(req->msg.body(), nullptr, false);
    if(body.is_discarded() || ! body.is_object())
        return done(json_error(fail(errc::bad_request, "The body is not a JSON object (or not valid UTF-8).")));
    if(! body.contains("text") || ! body.at("text").is_string())
        return done(json_error(fail(errc::unprocessable, "\"text\" is required and must be a string.", "text")));
    if(body.contains("region") && ! body.at("region").is_string() && ! body.at("region").is_null())
        return done(json_error(fail(errc::unprocessable, "\"region\" must be a string.", "region")));

    ingest::web_submission sub;
    sub.slug = req->params.at("slug");
    sub.text = body.at("text").get<std::string>();
    if(body.contains("region") && body.at("region").is_string())
        sub.region = body.at("region").get<std::string>();
    // A hash keeps the stored external id short whatever key the client chose.
    if(! key.empty())
        sub.external_id = "k" + crypto::to_hex(crypto::sha256(key)).substr(0, 32);

    auto const slug = sub.slug;
    ingest::submit_web(s.channels, "api", sub, [slug, done](result<store::insert_outcome> r) {
        if(! r)
            return done(json_error(r.err()));
        if(r->duplicate && ! r->same_raw)
            return done(json_error(fail(errc::conflict, "This Idempotency-Key was already used with a different text.")));
        // A replay gets the first answer, byte for byte.
        nlohmann::json j{{"id", r->id}, {"consultation", slug}, {"status", "new"}};
        done(json_response(bh::status::created, j.dump()));
    });
}

}  // namespace

void add_api_routes(route_table& routes, services& s)
{
    routes.add({"POST", "/api/v1/consultations/{slug}/contributions", max_contribution_body_bytes,
                [&s](auto req, auto done) { post_contribution(s, std::move(req), std::move(done)); }});
}

}  // namespace baro::http
