#include "store/outbox.hpp"

#include "core/crypto.hpp"
#include "store/array_literal.hpp"
#include "store/async.hpp"
#include "store/connection.hpp"
#include "store/reply_settings.hpp"

#include <pqxx/pqxx>

#include <map>

namespace baro::store {

namespace {

// Due rows, oldest first; a row some sender holds is skipped, not waited for. The lease is taken in
// the same statement, so a sender that dies mid-send leaves the row due again when its lease ends.
// `which` chooses the providers: the sender's (all but the pulled one), or the pulled one ($4).
std::string claim_sql(char const* which)
{
    return std::string(R"sql(
with due as (
    select id from outbox
    where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
      and )sql") +
           which + R"sql(
    order by next_attempt_at
    limit $1
    for update skip locked
), taken as (
    update outbox o set lease_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
    where o.id = any(array(select id from due))
    returning o.*
)
select t.id, t.kind, t.provider, t.channel, t.language, t.route, encode(t.recipient_sealed, 'hex'),
       coalesce(t.consultation_id, 0), coalesce(c.slug, ''),
       greatest(0, extract(epoch from now() - t.window_from))::bigint,
       greatest(0, extract(epoch from now() - t.created_at))::bigint,
       t.attempts, t.idempotency_key::text,
       coalesce(s.acknowledgements, true), coalesce(s.daily_sms_budget, $3),
       -- SMS sent today, counted up to the budget: all the plan needs to know (outbox/plan: what is left,
       -- never below 0). Uncapped, the count read every reply sent today for each claimed row: 378 ms a
       -- claim of 16 at 50,000 sent, growing through a broadcast day (EXPLAIN ANALYZE, issue 17).
       (select count(*) from (
            select from outbox o2
            where o2.consultation_id = t.consultation_id and o2.channel = t.channel and o2.status = 'sent'
              and o2.sent_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
            limit coalesce(s.daily_sms_budget, $3)) today),
       coalesce(case t.language when 'bm' then s.text_bm when 'en' then s.text_en else s.text_fr end, '')
from taken t
left join consultation c on c.id = t.consultation_id
left join reply_setting s on s.consultation_id = t.consultation_id and s.channel = t.channel
order by t.id
)sql";
}

std::string const pushed_claim_sql = claim_sql("provider <> $4");
std::string const pulled_claim_sql = claim_sql("provider = $4");

claimed_reply read_claimed(pqxx::row const& r)
{
    claimed_reply c;
    c.id = r[0].as<std::int64_t>();
    c.kind = r[1].as<std::string>();
    c.provider = r[2].as<std::string>();
    c.channel = r[3].as<std::string>();
    c.language = r[4].as<std::string>();
    c.route = r[5].as<std::string>();
    c.sealed = r[6].is_null() ? std::string() : crypto::from_hex(r[6].as<std::string>());
    c.consultation_id = r[7].as<std::int64_t>();
    c.consultation_slug = r[8].as<std::string>();
    c.since_message = std::chrono::seconds(r[9].as<std::int64_t>());
    c.age = std::chrono::seconds(r[10].as<std::int64_t>());
    c.attempts = r[11].as<int>();
    c.idempotency_key = r[12].as<std::string>();
    c.acknowledgements = r[13].as<bool>();
    c.daily_sms_budget = r[14].as<std::int64_t>();
    c.sms_sent_today = r[15].as<std::int64_t>();
    c.custom_text = r[16].as<std::string>();
    return c;
}

}  // namespace

outbox_queue::outbox_queue(std::string url) : conn_(std::make_unique<lazy_connection>(std::move(url))) {}
outbox_queue::~outbox_queue() = default;

result<std::vector<claimed_reply>> outbox_queue::claim(std::size_t limit, std::chrono::seconds lease)
{
    return conn_->use("claim replies", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        auto const rows = tx.exec_params(pushed_claim_sql, static_cast<long long>(limit), static_cast<long long>(lease.count()),
                                         static_cast<long long>(reply_setting::default_daily_sms_budget), pulled_provider);
        tx.commit();
        std::vector<claimed_reply> out;
        for(auto const& r : rows)
            out.push_back(read_claimed(r));
        return out;
    });
}

result<std::int64_t> outbox_queue::expire_pulled(std::chrono::seconds max_age)
{
    return conn_->use("expire pulled replies", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        auto const r = tx.exec_params("update outbox set status = 'failed', recipient_sealed = null, lease_until = null,"
                                      " last_error = 'too_old' where status = 'pending' and provider = $1"
                                      " and created_at < now() - make_interval(secs => $2)",
                                      pulled_provider, static_cast<long long>(max_age.count()));
        tx.commit();
        return static_cast<std::int64_t>(r.affected_rows());
    });
}

void hand_over_replies(database& db, std::string provider, std::size_t limit,
                       std::function<reply_handover(claimed_reply&)> decide,
                       std::function<void(result<std::vector<reply_handover>>)> done)
{
    detail::run<std::vector<reply_handover>>(
        db, "hand over replies",
        [provider = std::move(provider), limit, decide = std::move(decide)](pqxx::connection_base& conn) {
            pqxx::work tx(conn);
            // The lease only keeps a concurrent fetch off these rows until this transaction settles them.
            auto const rows = tx.exec_params(pulled_claim_sql, static_cast<long long>(limit), 60LL,
                                             static_cast<long long>(reply_setting::default_daily_sms_budget), provider);
            std::vector<reply_handover> out;
            for(auto const& row : rows)
            {
                auto claimed = read_claimed(row);
                auto h = decide(claimed);
                tx.exec_params("update outbox set status = $2, recipient_sealed = null, lease_until = null,"
                               " sent_at = case when $2 = 'sent' then now() end,"
                               " provider_message_id = case when $2 = 'sent' then $3 end,"
                               " last_error = nullif($4, '') where id = $1",
                               claimed.id, h.final_status, claimed.idempotency_key, h.reason);
                h.uuid = claimed.idempotency_key;
                out.push_back(std::move(h));
            }
            tx.commit();
            return out;
        },
        std::move(done));
}

void confirm_handed_over(database& db, std::string provider, std::vector<std::string> uuids,
                         std::function<void(result<confirmed_replies>)> done)
{
    detail::run<confirmed_replies>(
        db, "confirm handed-over replies",
        [provider = std::move(provider), uuids = std::move(uuids)](pqxx::connection_base& conn) {
            pqxx::work tx(conn);
            auto const rows = tx.exec_params(R"sql(
with hit as (
    select id, idempotency_key::text as uuid, confirmed_at is null as fresh from outbox
    where provider = $1 and status = 'sent' and idempotency_key::text = any($2::text[])
    for update
), marked as (
    update outbox o set confirmed_at = now() from hit where o.id = hit.id and hit.fresh
)
select uuid, fresh from hit)sql",
                                             provider, text_array_literal(uuids));
            tx.commit();
            std::map<std::string, bool> known;
            for(auto const& row : rows)
                known[row[0].as<std::string>()] = row[1].as<bool>();
            confirmed_replies out;
            for(auto const& u : uuids)
            {
                auto const k = known.find(u);
                if(k == known.end())
                    continue;
                out.uuids.push_back(u);
                out.newly += k->second ? 1 : 0;
                known.erase(k);  // a uuid given twice is answered once
            }
            return out;
        },
        std::move(done));
}

status outbox_queue::mark_sent(std::int64_t id, std::string const& provider_message_id)
{
    auto r = conn_->use("mark reply sent", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params("update outbox set status = 'sent', sent_at = now(), recipient_sealed = null, lease_until = null,"
                       " provider_message_id = nullif($2, ''), last_error = null where id = $1",
                       id, provider_message_id);
        tx.commit();
        return ok_t{};
    });
    return r ? status(ok_t{}) : status(r.err());
}

status outbox_queue::mark_retry(std::int64_t id, std::chrono::seconds delay, std::string const& reason)
{
    auto r = conn_->use("mark reply retry", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params("update outbox set lease_until = null, next_attempt_at = now() + make_interval(secs => $2),"
                       " last_error = $3 where id = $1 and status = 'pending'",
                       id, static_cast<long long>(delay.count()), reason);
        tx.commit();
        return ok_t{};
    });
    return r ? status(ok_t{}) : status(r.err());
}

status outbox_queue::mark_done(std::int64_t id, std::string const& final_status, std::string const& reason)
{
    auto r = conn_->use("mark reply done", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params("update outbox set status = $2, recipient_sealed = null, lease_until = null, last_error = $3"
                       " where id = $1",
                       id, final_status, reason);
        tx.commit();
        return ok_t{};
    });
    return r ? status(ok_t{}) : status(r.err());
}

}  // namespace baro::store
