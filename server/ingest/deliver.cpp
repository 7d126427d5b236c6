#include "ingest/deliver.hpp"

#include "channels/keywords.hpp"
#include "channels/ussd_flow.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "ingest/inbound.hpp"
#include "ingest/pseudonym.hpp"
#include "ingest/text_fields.hpp"
#include "replies/policy.hpp"
#include "store/channel_state.hpp"
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"
#include "store/public_posts.hpp"

#include <atomic>
#include <mutex>

namespace baro::ingest {

namespace {

// Collects the completions of one delivery's messages; the last one answers the gateway.
struct delivery_join
{
    std::mutex mutex;
    std::size_t pending = 0;
    delivery_outcome outcome;
    std::optional<error> failure;
    std::function<void(result<delivery_outcome>)> done;

    void finish_one(std::function<void(delivery_outcome&)> const& record, std::optional<error> e = {})
    {
        // A gateway retries only a 503, never a 500: a failure that is not the message's fault is
        // answered "retry". And "retry" wins over a message refused (4xx), so that a message that
        // could not be stored yet is sent again (what was stored is then a duplicate).
        if(e && e->code == errc::internal)
            e = fail(errc::unavailable, "The messages could not be stored now; try again shortly.");
        bool last = false;
        {
            std::lock_guard lock(mutex);
            if(e && (! failure || (e->code == errc::unavailable && failure->code != errc::unavailable)))
                failure = std::move(e);
            else if(record)
                record(outcome);
            last = --pending == 0;
        }
        if(last)
            failure ? done(*failure) : done(outcome);
    }
};

void count(channel_context& ctx, std::string const& channel, char const* outcome)
{
    ctx.metrics.count("baro_contributions_total", "channel=\"" + channel + "\",outcome=\"" + outcome + "\"");
}

// The reply a message gets through the outbox, when its provider can send: the citizen's address
// is sealed here, the last place it is in hand, and goes nowhere else.
std::optional<store::outbox_entry> reply_for(channel_context const& ctx, channels::inbound_message const& m, char const* kind,
                                             std::string const& language)
{
    auto provider = replies::send_provider(m.provider, m.channel);
    if(ctx.outbox_key.empty() || provider.empty() || ! ctx.reply_providers.count(provider) || m.sender_id.empty())
        return std::nullopt;
    store::outbox_entry e;
    e.kind = kind;
    e.provider = std::move(provider);
    e.route = m.recipient;
    e.sealed = crypto::seal(ctx.outbox_key, m.sender_id);
    e.language = replies::reply_language(language);
    e.window_from = m.sent_at;
    return e;
}

// The consultation an unrouted row was sent to when it takes nothing now (its closed: flag).
store::consultation_info const* closed_consultation(store::catalog const& catalog, store::contribution_row const& row)
{
    if(row.consultation_id || row.flags.empty() || row.flags.back().rfind(closed_flag_prefix, 0) != 0)
        return nullptr;
    return store::find_by_slug(catalog, std::string_view(row.flags.back()).substr(std::string_view(closed_flag_prefix).size()));
}

// The medium a message carried, to fetch after the commit: its provider reference is sealed here
// under the outbox key. nullopt when no fetch client can reach it (no key, SMSSync, …).
std::optional<store::media_entry> media_for(channel_context const& ctx, channels::inbound_message const& m)
{
    if(! m.media || ctx.outbox_key.empty())
        return std::nullopt;
    auto provider = replies::send_provider(m.provider, m.channel);
    if(provider.empty())
        return std::nullopt;
    return store::media_entry{m.media->kind, std::move(provider), crypto::seal(ctx.outbox_key, m.media->reference),
                              storable(m.media->declared_type.substr(0, 100))};
}

void wake(channel_context& ctx, bool queued)
{
    if(queued && ctx.wake_outbox)
        ctx.wake_outbox();
}

// Stores one new contribution and records it in the delivery's outcome.
void store_new(channel_context& ctx, std::shared_ptr<delivery_join> const& join, store::contribution_row row)
{
    auto const channel = row.channel;
    auto const language = row.language;
    bool const closed = ! row.consultation_id && ! row.flags.empty() &&
                        row.flags.back().rfind(closed_flag_prefix, 0) == 0;
    bool const queued = row.reply.has_value();
    bool const media = row.media.has_value();
    ctx.writer.submit(std::move(row), [&ctx, join, channel, language, closed, queued, media](result<store::insert_outcome> r) {
        if(! r)
        {
            count(ctx, channel, r.err().code == errc::unprocessable ? "refused" : "unavailable");
            return join->finish_one({}, r.err());
        }
        count(ctx, channel, r->withdrawn ? "withdrawn_before" : r->duplicate ? "duplicate" : closed ? "closed" : "stored");
        wake(ctx, queued && ! r->duplicate && ! r->withdrawn);
        if(media && ! r->duplicate && ! r->withdrawn && ctx.wake_media)
            ctx.wake_media();
        join->finish_one([&](delivery_outcome& o) {
            ++(r->duplicate ? o.duplicates : o.stored);
            if(closed && ! r->duplicate)
                ++o.closed;
            o.language = language;
            o.queued_reply = o.queued_reply || queued;
        });
    });
}

// A public post's author removed it: that one contribution is withdrawn.
void remove_post(channel_context& ctx, std::shared_ptr<delivery_join> const& join, channels::inbound_message const& m)
{
    auto const channel = m.channel;
    store::withdraw_public_post(ctx.db, channel, ingest::storable(m.external_id),
                                [&ctx, join, channel](result<store::erased_sender> r) {
                                    if(! r)
                                        return join->finish_one({}, r.err());
                                    count(ctx, channel, r->replay ? "withdrawal_replay" : "withdrawn");
                                    join->finish_one([](delivery_outcome& o) { ++o.withdrawn; });
                                });
}

// A public post's author edited it: the stored text is replaced; one never stored is stored now.
void edit_post(channel_context& ctx, std::shared_ptr<delivery_join> const& join, store::contribution_row row)
{
    auto const channel = row.channel;
    auto copy = row;
    store::edit_public_post(ctx.db, std::move(row),
                            [&ctx, join, channel, copy = std::move(copy)](result<store::post_edited> r) mutable {
                                if(! r)
                                    return join->finish_one({}, r.err());
                                if(! r->found)
                                    return store_new(ctx, join, std::move(copy));
                                count(ctx, channel, r->changed ? "edited" : "duplicate");
                                join->finish_one([&](delivery_outcome& o) { ++(r->changed ? o.edited : o.duplicates); });
                            });
}

}  // namespace

void deliver(channel_context& ctx, channels::inbound_batch batch, std::function<void(result<delivery_outcome>)> done)
{
    if(batch.empty())
        return done(delivery_outcome{});
    auto join = std::make_shared<delivery_join>();
    join->pending = batch.size();
    join->done = std::move(done);
    auto const catalog = ctx.catalog.get();
    for(auto& m : batch)
    {
        auto const channel = m.channel;
        if(m.event == channels::post_event::remove)
        {
            remove_post(ctx, join, m);
            continue;
        }
        // A public post saying STOP is a public post: only a private message withdraws its sender.
        if(! m.source && channels::is_withdrawal(m.text, ctx.withdrawal_keywords))
        {
            auto key = sender_key(ctx.pepper, m.sender_id);
            log::info("ingest", "withdrawal by " + short_pseudonym(key) + " on " + channel);
            auto external_id = m.external_id.empty() ? std::string() : m.provider + ":" + storable(m.external_id);
            auto confirmation = reply_for(ctx, m, "withdrawal", "fr");
            bool const queued = confirmation.has_value();
            store::erase_sender(ctx.db, std::move(key), channel, std::move(external_id), std::move(confirmation),
                                [&ctx, join, channel, queued](result<store::erased_sender> r) {
                                    if(! r)
                                        return join->finish_one({}, r.err());
                                    count(ctx, channel, r->replay ? "withdrawal_replay" : "withdrawn");
                                    wake(ctx, queued && ! r->replay);
                                    join->finish_one([&](delivery_outcome& o) {
                                        ++o.withdrawn;
                                        o.language = r->language;  // answer in the language they wrote in
                                        o.queued_reply = o.queued_reply || queued;
                                    });
                                });
            continue;
        }
        auto row = prepare_inbound(*catalog, m, ctx.pepper);
        if(row)
            row->media = media_for(ctx, m);
        if(row && row->display_text.empty() && ! row->media)
            row = fail(errc::unprocessable, "The message has no text to keep.", "text");
        if(! row)
        {
            count(ctx, channel, "empty");
            join->finish_one([](delivery_outcome& o) { ++o.skipped; });
            continue;
        }
        // A message for a closed consultation is not thanked as if it were counted: it is told the
        // consultation is closed, in the same transaction that keeps it in the unrouted inbox.
        if(auto closed = closed_consultation(*catalog, *row))
        {
            row->reply = reply_for(ctx, m, "closed", row->language);
            if(row->reply)
                row->reply->consultation_id = closed->id;  // its settings (switch, budget) apply
        }
        else
            row->reply = reply_for(ctx, m, "ack", row->language);
        if(m.event == channels::post_event::edit)
            edit_post(ctx, join, std::move(*row));
        else
            store_new(ctx, join, std::move(*row));
    }
}

void submit_web(channel_context& ctx, std::string channel, web_submission const& submission,
                std::function<void(result<store::insert_outcome>)> done)
{
    auto row = prepare_web(*ctx.catalog.get(), submission);
    if(! row)
        return done(row.err());
    // Ack after commit: `done` runs from the writer's completion.
    ctx.writer.submit(std::move(*row),
                      [&ctx, channel = std::move(channel), done = std::move(done)](result<store::insert_outcome> r) {
                          // A key reused with another text is no copy of the first: the API answers it 409.
                          // The database refusing this row's data is "refused" (its batch's other rows were stored).
                          count(ctx, channel,
                                ! r              ? (r.err().code == errc::unprocessable ? "refused" : "unavailable")
                                : ! r->duplicate ? "stored"
                                : r->same_raw    ? "duplicate"
                                                 : "conflict");
                          done(std::move(r));
                      });
}

namespace {

std::vector<channels::ussd_theme> ussd_themes(store::consultation_info const* c)
{
    std::vector<channels::ussd_theme> out;
    if(! c)
        return out;
    for(auto const& t : c->themes)
        if(! t.retired)
            out.push_back({t.slug, t.label.value("fr", t.slug), t.label.value("bm", t.label.value("fr", t.slug))});
    return out;
}

}  // namespace

void ussd_step(channel_context& ctx, channels::ussd_request request, std::function<void(result<std::string>)> done)
{
    auto const session_id = request.session_id;
    store::load_ussd_state(
        ctx.db, session_id,
        [&ctx, request = std::move(request), done = std::move(done)](result<std::optional<std::string>> loaded) mutable {
            if(! loaded)
                return done(loaded.err());
            std::optional<channels::ussd_state> stored;
            if(*loaded)
                stored = channels::ussd_state_from_text(**loaded);

            // The service code names the consultation when one claims it; else the only open one.
            auto const catalog = ctx.catalog.get();
            channels::inbound_message probe;
            probe.recipient = request.service_code;
            auto const routed = route(*catalog, probe);
            if(! routed.consultation && routed.closed)  // nothing to ask: say so on the first screen
            {
                count(ctx, "ussd", "closed");
                return done(std::string(channels::ussd_closed_screen()));
            }
            auto step = channels::ussd_advance(ussd_themes(routed.consultation), request.session_id, request.text, stored,
                                               routed.consultation ? routed.consultation->demographics : demographic_questions{});

            if(! step.contribution)
            {
                nlohmann::json state = step.state;
                return store::save_ussd_state(
                    ctx.db, request.session_id, state.dump(),
                    [reply = std::move(step.reply), done](status s) { s ? done(reply) : done(s.err()); });
            }
            // The last screen: the contribution is committed before the citizen reads "END …".
            auto m = channels::ussd_inbound(request, step.contribution->text);
            auto row = prepare_inbound(*catalog, m, ctx.pepper);
            if(! row)
                return done(std::move(step.reply));
            if(! step.contribution->theme_slug.empty())
                row->themes = {step.contribution->theme_slug};
            row->gender = step.contribution->gender;
            row->age_band = step.contribution->age_band;
            if(row->language == "unknown" || row->language.empty())
                row->language = step.contribution->language;
            ctx.writer.submit(std::move(*row), [&ctx, session = request.session_id, reply = std::move(step.reply),
                                                done](result<store::insert_outcome> r) {
                if(! r)
                {
                    count(ctx, "ussd", "unavailable");
                    return done(r.err());
                }
                count(ctx, "ussd", r->duplicate ? "duplicate" : "stored");
                store::save_ussd_state(ctx.db, session, "", [reply, done](status) { done(reply); });
            });
        });
}

}  // namespace baro::ingest
