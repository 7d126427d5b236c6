// Gateway webhooks: each route verifies its provider's proof (signature, secret or path token),
// parses the delivery into inbound messages, and answers 2xx only once every message is committed.
#include "channels/africastalking.hpp"
#include "channels/gateway_auth.hpp"
#include "channels/keywords.hpp"
#include "channels/meta.hpp"
#include "channels/orange.hpp"
#include "channels/smssync.hpp"
#include "channels/telegram.hpp"
#include "channels/twilio.hpp"
#include "channels/x.hpp"
#include "core/form.hpp"
#include "core/log.hpp"
#include "core/secrets.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "ingest/deliver.hpp"
#include "outbox/handover.hpp"

namespace baro::http {

namespace {

constexpr std::size_t max_hook_body_bytes = 256 * 1024;  // Meta batches several messages

using ingest::delivery_outcome;

void deliver(services& s, channels::inbound_batch batch, std::function<void(result<delivery_outcome>)> done)
{
    ingest::deliver(s.channels, std::move(batch), std::move(done));
}

// The reply a citizen reads on their phone, in the language they wrote in; empty when the delivery
// stored nothing (a status callback, a retry) so that nobody is thanked twice, and when the outbox
// answers instead (the provider's send credentials are configured: docs/channels.md).
std::string reply_text(services const& s, delivery_outcome const& o)
{
    if(o.queued_reply)
        return {};
    auto const lang = o.language == "bm" ? "bm" : "fr";
    if(o.withdrawn)
        return s.text.get(lang, "reply.withdrawn");
    if(o.closed)
        return s.text.get(lang, "reply.closed");
    if(o.stored)
        return s.text.get(lang, "reply.thanks");
    return {};
}

response plain(std::string body, std::string_view type = "text/plain; charset=utf-8")
{
    return make_response(bh::status::ok, type, std::move(body));
}

std::optional<form_fields> form_body(request const& req) { return parse_urlencoded(req.msg.body()); }

// The public URL of this request as the gateway called it (Twilio signs over it).
std::string public_request_url(services const& s, request const& req)
{
    auto const target = req.msg.target();
    return s.public_url + std::string(target);
}

void twilio(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const& token = s.keys.twilio_auth_token;
    auto const params = form_body(*req);
    if(! params)
        return done(json_error(fail(errc::bad_request, "The body is not application/x-www-form-urlencoded.")));
    if(! channels::verify_twilio(token, public_request_url(s, *req), *params, req->msg["X-Twilio-Signature"]))
        return done(json_error(fail(errc::forbidden, "X-Twilio-Signature does not match this URL and body.")));
    auto batch = channels::parse_twilio(*params);
    if(! batch)
        return done(json_error(batch.err()));
    deliver(s, std::move(*batch), [&s, done](result<delivery_outcome> r) {
        if(! r)
            return done(json_error(r.err()));
        done(plain(channels::twiml_reply(reply_text(s, *r)), "text/xml; charset=utf-8"));
    });
}

// Africa's Talking signs nothing: a secret token in the path, and an optional source allow-list.
status check_africastalking(services const& s, request const& req, std::string const& token)
{
    if(token.empty() || ! channels::token_matches(token, req.params.at("token")))
        return fail(errc::forbidden, "Unknown gateway token.");
    if(! s.keys.at_allow_from.empty() && ! channels::address_allowed(s.keys.at_allow_from, req.remote))
        return fail(errc::forbidden, "This address may not post to this gateway.");
    return ok_t{};
}

void africastalking_sms(services& s, std::shared_ptr<request const> req, responder done)
{
    if(auto ok = check_africastalking(s, *req, s.keys.at_sms_token); ! ok)
        return done(json_error(ok.err()));
    auto const fields = form_body(*req);
    if(! fields)
        return done(json_error(fail(errc::bad_request, "The body is not application/x-www-form-urlencoded.")));
    auto batch = channels::parse_africastalking_sms(*fields);
    if(! batch)
        return done(json_error(batch.err()));
    deliver(s, std::move(*batch), [done](result<delivery_outcome> r) { done(r ? plain("") : json_error(r.err())); });
}

void africastalking_ussd(services& s, std::shared_ptr<request const> req, responder done)
{
    if(auto ok = check_africastalking(s, *req, s.keys.at_ussd_token); ! ok)
        return done(json_error(ok.err()));
    auto const fields = form_body(*req);
    if(! fields)
        return done(json_error(fail(errc::bad_request, "The body is not application/x-www-form-urlencoded.")));
    auto ussd = channels::parse_africastalking_ussd(*fields);
    if(! ussd)
        return done(json_error(ussd.err()));
    ingest::ussd_step(s.channels, std::move(*ussd),
                      [done](result<std::string> reply) { done(reply ? plain(std::move(*reply)) : json_error(reply.err())); });
}

void orange(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const& token = s.keys.orange_token;
    if(! channels::token_matches(token, req->params.at("token")))
        return done(json_error(fail(errc::forbidden, "Unknown gateway token.")));
    auto batch = channels::parse_orange(req->msg.body());
    if(! batch)
        return done(json_error(batch.err()));
    deliver(s, std::move(*batch), [done](result<delivery_outcome> r) { done(r ? plain("") : json_error(r.err())); });
}

void meta_verify(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const query = parse_urlencoded(req->query);
    if(! query)
        return done(json_error(fail(errc::bad_request, "The query string is malformed.")));
    auto challenge = channels::meta_handshake(*query, s.keys.meta_verify_token);
    done(challenge ? plain(std::move(*challenge)) : json_error(challenge.err()));
}

void meta(services& s, std::shared_ptr<request const> req, responder done)
{
    // Over the bytes received: Meta escapes non-ASCII as \uXXXX and signs exactly those bytes.
    if(! channels::verify_meta(s.keys.meta_app_secret, req->msg.body(), req->msg["X-Hub-Signature-256"]))
        return done(json_error(fail(errc::forbidden, "X-Hub-Signature-256 does not match the body.")));
    auto batch = channels::parse_meta(req->msg.body());
    if(! batch)
        return done(json_error(batch.err()));
    deliver(s, std::move(*batch), [done](result<delivery_outcome> r) { done(r ? plain("") : json_error(r.err())); });
}

// X's CRC check, on subscribing the webhook and about hourly after: answered from the consumer secret.
void x_crc(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const query = parse_urlencoded(req->query);
    if(! query)
        return done(json_error(fail(errc::bad_request, "The query string is malformed.")));
    auto answer = channels::x_crc_response(*query, s.keys.x_consumer_secret);
    done(answer ? json_response(bh::status::ok, std::move(*answer)) : json_error(answer.err()));
}

void x(services& s, std::shared_ptr<request const> req, responder done)
{
    // Over the bytes received, like Meta's, but base64 where Meta writes hex.
    if(! channels::verify_x(s.keys.x_consumer_secret, req->msg.body(), req->msg["x-twitter-webhooks-signature"]))
        return done(json_error(fail(errc::forbidden, "x-twitter-webhooks-signature does not match the body.")));
    auto batch = channels::parse_x(req->msg.body());
    if(! batch)
        return done(json_error(batch.err()));
    deliver(s, std::move(*batch), [done](result<delivery_outcome> r) { done(r ? plain("") : json_error(r.err())); });
}

void telegram(services& s, std::shared_ptr<request const> req, responder done)
{
    if(! channels::verify_telegram(s.keys.telegram_secret_token, req->msg["X-Telegram-Bot-Api-Secret-Token"]))
        return done(json_error(fail(errc::forbidden, "X-Telegram-Bot-Api-Secret-Token is wrong.")));
    auto update = channels::parse_telegram(req->msg.body());
    if(! update)
        return done(json_error(update.err()));
    auto const chat = update->chat_id;
    deliver(s, std::move(update->messages), [&s, chat, done](result<delivery_outcome> r) {
        if(! r)
            return done(json_error(r.err()));
        auto const text = reply_text(s, *r);
        // The webhook's answer may carry one Bot API call: our reply in the citizen's chat.
        done(json_response(bh::status::ok, chat.empty() || text.empty() ? "{}" : channels::telegram_reply(chat, text)));
    });
}

// The replies waiting for SMSSync phones, handed over (and marked sent) as the answer is built; none
// when the outbox is off. `answer` gets them, or none when the store could not hand them now (they
// stay queued for the next fetch).
void smssync_replies(services& s, std::function<void(std::vector<channels::smssync_message>)> answer)
{
    if(s.channels.outbox_key.empty() || ! s.channels.reply_providers.count("smssync"))
        return answer({});
    outbox::hand_over_smssync(
        s.channels.db, s.keys, [&s](std::string const& lang, std::string const& key) { return s.text.get(lang, key); }, s.metrics,
        [answer = std::move(answer)](result<std::vector<channels::smssync_message>> r) {
            answer(r ? std::move(*r) : std::vector<channels::smssync_message>{});
        });
}

// The phone's confirmation, POST ?task=sent with {"queued_messages":[uuids]} (SMSSync's "Message
// Results API"): the replies it took are recorded as confirmed; the answer {"message_uuids":[…]}
// names those baro handed over, and only those (the phone sends what the answer names). The secret
// comes in the query string, as for task=send, or in the JSON body.
void smssync_sent(services& s, form_fields const& query, std::shared_ptr<request const> req, responder done)
{
    auto sent = channels::parse_smssync_sent(req->msg.body());
    auto const secret_ok = channels::verify_smssync(s.keys.smssync_secret, query) ||
                           (sent && channels::token_matches(s.keys.smssync_secret, sent->secret));
    if(! secret_ok)
        return done(json_response(bh::status::forbidden, channels::smssync_reply(false, "wrong secret")));
    if(! sent)
        return done(json_error(sent.err()));
    outbox::confirm_smssync(s.channels.db, s.metrics, std::move(sent->uuids), [done](result<std::vector<std::string>> r) {
        if(! r)
            return done(json_error(r.err()));
        done(json_response(bh::status::ok, channels::smssync_sent_answer(*r)));
    });
}

void smssync(services& s, std::shared_ptr<request const> req, responder done)
{
    if(auto const query = parse_urlencoded(req->query); query && channels::is_smssync_sent_task(*query))
        return smssync_sent(s, *query, std::move(req), std::move(done));
    auto const fields = form_body(*req);
    if(! fields)
        return done(json_error(fail(errc::bad_request, "The body is not application/x-www-form-urlencoded.")));
    if(! channels::verify_smssync(s.keys.smssync_secret, *fields))
        return done(json_response(bh::status::forbidden, channels::smssync_reply(false, "wrong secret")));
    auto batch = channels::parse_smssync(*fields);
    if(! batch)
        return done(json_error(batch.err()));
    deliver(s, std::move(*batch), [&s, done](result<delivery_outcome> r) {
        if(! r)
            return done(json_error(r.err()));
        // Stored: the answer carries the replies to send (this message's among them: it committed).
        smssync_replies(s, [&s, done](std::vector<channels::smssync_message> messages) {
            done(json_response(bh::status::ok, channels::smssync_accepted(s.keys.smssync_secret, messages)));
        });
    });
}

// The phone's poll, GET ?task=send&secret=…: the replies queued since (a STOP's confirmation, a
// reply the POST's answer could not carry).
void smssync_task(services& s, std::shared_ptr<request const> req, responder done)
{
    auto const query = parse_urlencoded(req->query);
    if(! query)
        return done(json_error(fail(errc::bad_request, "The query string is malformed.")));
    if(! channels::verify_smssync(s.keys.smssync_secret, *query))
        return done(json_response(bh::status::forbidden, channels::smssync_reply(false, "wrong secret")));
    if(! channels::is_smssync_send_task(*query))
        return done(json_error(fail(errc::bad_request, "Only task=send is served here.", "task")));
    smssync_replies(s, [&s, done](std::vector<channels::smssync_message> messages) {
        done(json_response(bh::status::ok, channels::smssync_send_task(s.keys.smssync_secret, messages)));
    });
}

}  // namespace

void add_hook_routes(route_table& routes, services& s)
{
    // A gateway whose secret is absent is switched off: its URL answers 404 (no route).
    auto add = [&](char const* method, char const* pattern, std::string const& secret,
                   void (*fn)(services&, std::shared_ptr<request const>, responder)) {
        if(secret.empty())
            return;
        routes.add(
            {method, pattern, max_hook_body_bytes, [&s, fn](auto req, auto done) { fn(s, std::move(req), std::move(done)); }});
    };
    if(s.keys.pepper.empty())
    {
        log::warn("hooks", "no pepper in the secrets file: every gateway is switched off");
        return;
    }
    add("POST", "/hooks/twilio", s.keys.twilio_auth_token, twilio);
    add("POST", "/hooks/africastalking/sms/{token}", s.keys.at_sms_token, africastalking_sms);
    add("POST", "/hooks/africastalking/ussd/{token}", s.keys.at_ussd_token, africastalking_ussd);
    add("POST", "/hooks/orange/{token}", s.keys.orange_token, orange);
    add("GET", "/hooks/meta", s.keys.meta_verify_token, meta_verify);
    add("POST", "/hooks/meta", s.keys.meta_app_secret, meta);
    add("POST", "/hooks/telegram", s.keys.telegram_secret_token, telegram);
    add("POST", "/hooks/smssync", s.keys.smssync_secret, smssync);
    add("GET", "/hooks/smssync", s.keys.smssync_secret, smssync_task);
    add("GET", "/hooks/x", s.keys.x_consumer_secret, x_crc);
    add("POST", "/hooks/x", s.keys.x_consumer_secret, x);
}

}  // namespace baro::http
