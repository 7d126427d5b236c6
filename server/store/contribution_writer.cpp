#include "store/contribution_writer.hpp"

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "store/array_literal.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <string_view>

namespace baro::store {

namespace {

// One statement writes the whole batch. The rows travel as one array parameter per column (each an
// array literal: every text element quoted and escaped, so no text can break out) and unnest turns
// them back into rows, in order (`with ordinality`). Cheaper for PostgreSQL than one JSON document
// (json_lex was near the top of its profile, docs/performance.md); a row's themes and flags travel as
// one text element holding their own text[] literal. Rows whose (channel, external_id) already exist
// are skipped and reported with the stored id.
// A public post its author removed (recorded in `withdrawal` under its own id) is never written
// again: not by a late retry of its first delivery, nor by an archive import.
// Only what the acknowledgement needs happens here: the search index follows the commit
// (sql/029, store/search_indexer), duplicate groups too (store/duplicate_grouper).
constexpr char const* insert_batch_sql = R"sql(
with input as (
    select x.ord - 1 as ord, x.consultation_id, x.channel, x.external_id, x.sender_key, x.raw, x.display_text,
           x.search_key, x.language, x.script, x.region, x.gender, x.age_band, x.status,
           x.suggested_themes::text[] as suggested_themes, x.themes::text[] as themes, x.flags::text[] as flags,
           x.source_permalink, x.source_in_reply_to, x.source_context, x.source_posted_at, x.has_source, x.reply_kind,
           x.reply_provider, x.reply_route, x.reply_sealed, x.reply_window, x.reply_consultation, x.media_kind,
           x.media_provider, x.media_sealed, x.media_type
    from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                $17::text[], $18::text[], $19::text[], $20::bigint[], $21::boolean[], $22::text[], $23::text[],
                $24::text[], $25::text[], $26::bigint[], $27::bigint[], $28::text[], $29::text[], $30::text[],
                $31::text[])
         with ordinality as x(consultation_id, channel, external_id, sender_key, raw, display_text, search_key,
                              language, script, region, gender, age_band, status, suggested_themes, themes, flags,
                              source_permalink, source_in_reply_to, source_context, source_posted_at, has_source,
                              reply_kind, reply_provider, reply_route, reply_sealed, reply_window, reply_consultation,
                              media_kind, media_provider, media_sealed, media_type, ord)
), ins as (
    insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text,
                              search_key, language, script, region, gender, age_band, status, suggested_themes,
                              themes, flags)
    select consultation_id, channel, external_id, sender_key, raw, display_text, search_key, language,
           script, region, gender, age_band,
           -- a pseudonym moderators blocked goes straight to spam
           case when sender_key is not null and exists (select 1 from blocked_sender b where b.sender_key = input.sender_key)
                then 'spam' else status end,
           suggested_themes, themes, flags
    from input
    where not exists (select 1 from withdrawal w where w.channel = input.channel and w.external_id = input.external_id)
    order by ord
    on conflict (channel, external_id) do nothing
    returning id, channel, external_id
), src as (
    insert into contribution_source (contribution_id, platform, permalink, in_reply_to, context_text, posted_at)
    select ins.id, i.channel, i.source_permalink, i.source_in_reply_to, i.source_context, to_timestamp(i.source_posted_at)
    from ins join input i on i.channel = ins.channel and i.external_id = ins.external_id
    where i.has_source
), queued as (
    -- The reply to a new row commits with it: a crash after COMMIT loses no acknowledgement, and a
    -- gateway's retry (a duplicate, not in `ins`) queues none. A "closed" reply names the closed
    -- consultation it speaks for, whose settings apply (its row stays unrouted).
    insert into outbox (kind, provider, channel, consultation_id, contribution_id, language, route, recipient_sealed, window_from)
    select i.reply_kind, i.reply_provider, i.channel, coalesce(i.consultation_id, i.reply_consultation), ins.id, i.language, coalesce(i.reply_route, ''),
           decode(i.reply_sealed, 'hex'), coalesce(to_timestamp(nullif(i.reply_window, 0)), now())
    from ins join input i on i.channel = ins.channel and i.external_id = ins.external_id
    where i.reply_kind is not null
), media as (
    -- A voice note or picture: pending, fetched after the commit by the media fetcher (issue 15).
    insert into contribution_media (contribution_id, kind, provider, reference_sealed, declared_type)
    select ins.id, i.media_kind, i.media_provider, decode(i.media_sealed, 'hex'), coalesce(i.media_type, '')
    from ins join input i on i.channel = ins.channel and i.external_id = ins.external_id
    where i.media_kind is not null
)
select i.ord, coalesce(ins.id, c.id) as id, ins.id is null as duplicate, coalesce(c.raw = i.raw, true) as same_raw,
       ins.id is null and c.id is null
           and exists (select 1 from withdrawal w where w.channel = i.channel and w.external_id = i.external_id) as withdrawn
from input i
left join ins on ins.channel = i.channel and ins.external_id = i.external_id
left join contribution c on ins.id is null and c.channel = i.channel and c.external_id = i.external_id
)sql";

// A conflicting row committed by another writer after this statement's snapshot is invisible to the
// join above; a second statement (READ COMMITTED: a fresh snapshot) finds it.
constexpr char const* find_existing_sql = "select id, raw = $3 from contribution where channel = $1 and external_id = $2";

// How long a batch keeps retrying a lost database before its callers get 503. Retrying is safe:
// the insert is idempotent on (channel, external_id).
constexpr auto max_retry_time = std::chrono::seconds(3);

// How long the writer's statement keeps one generic plan (see commit_rows).
constexpr auto replan_interval = std::chrono::seconds(1);

// Group commit under a steady stream: when the last batch ended moments ago and few rows wait, the
// next batch waits up to gather_time for gather_rows. Each batch costs PostgreSQL ~0.8 ms whatever its
// size; at 5,000/s batches of ~7 rows spent the two cores on that, and the queueing it caused set the
// p99 (issue 17). A lone request (no batch just before) never waits.
constexpr auto gather_time = std::chrono::milliseconds(2);
constexpr auto stream_gap = std::chrono::milliseconds(10);
constexpr std::size_t gather_rows = 64;

// The batch as one array literal per column of insert_batch_sql, in its parameter order.
struct batch_columns
{
    static constexpr std::size_t count = 31;
    std::array<array_literal, count> c;

    void add(contribution_row const& r)
    {
        auto opt = [](array_literal& a, std::string const& s) -> array_literal& { return s.empty() ? a.null() : a.text(s); };
        auto const* src = r.source ? &*r.source : nullptr;
        auto const* reply = r.reply ? &*r.reply : nullptr;
        auto const* media = r.media ? &*r.media : nullptr;
        r.consultation_id ? c[0].number(*r.consultation_id) : c[0].null();
        c[1].text(r.channel);
        c[2].text(r.external_id);
        opt(c[3], r.sender_key);
        c[4].text(r.raw);
        c[5].text(r.display_text);
        c[6].text(r.search_key);
        c[7].text(r.language);
        c[8].text(r.script);
        opt(c[9], r.region);
        opt(c[10], r.gender);
        opt(c[11], r.age_band);
        c[12].text(r.status);
        c[13].text(text_array_literal(r.suggested_themes));
        c[14].text(text_array_literal(r.themes));
        c[15].text(text_array_literal(r.flags));
        src ? opt(c[16], src->permalink) : c[16].null();
        src ? opt(c[17], src->in_reply_to) : c[17].null();
        src ? opt(c[18], src->context_text) : c[18].null();
        src && src->posted_at > 0 ? c[19].number(src->posted_at) : c[19].null();
        c[20].boolean(src != nullptr);
        reply ? c[21].text(reply->kind) : c[21].null();
        reply ? c[22].text(reply->provider) : c[22].null();
        reply ? c[23].text(reply->route) : c[23].null();
        reply ? c[24].text(crypto::to_hex(reply->sealed)) : c[24].null();
        reply ? c[25].number(reply->window_from) : c[25].null();
        reply && reply->consultation_id ? c[26].number(reply->consultation_id) : c[26].null();
        media ? c[27].text(media->kind) : c[27].null();
        media ? c[28].text(media->provider) : c[28].null();
        media ? c[29].text(crypto::to_hex(media->sealed)) : c[29].null();
        media ? c[30].text(media->declared_type) : c[30].null();
    }
};

}  // namespace

contribution_writer::contribution_writer(std::string url, std::size_t max_batch, std::size_t max_pending, unsigned shards)
    : url_(std::move(url)),
      max_batch_(max_batch),
      max_pending_(max_pending / std::max(1u, shards))
{
    for(unsigned i = 0; i < std::max(1u, shards); ++i)
        shards_.push_back(std::make_unique<shard>());
    for(auto& s : shards_)
        s->thread = std::thread([this, &s = *s] { run(s); });
}

contribution_writer::~contribution_writer() { stop(); }

void contribution_writer::submit(contribution_row row, callback done)
{
    auto const h = std::hash<std::string>{}(row.channel + '\n' + row.external_id);
    auto& s = *shards_[h % shards_.size()];
    {
        std::lock_guard lock(s.mutex);
        if(! s.stopping && s.queue.size() < max_pending_)
        {
            s.queue.push_back(item{std::move(row), std::move(done)});
            // The writer waits for a first row, or for gather_rows while gathering: no wake-up per row.
            if(s.queue.size() == 1 || s.queue.size() == gather_rows)
                s.cv.notify_one();
            return;
        }
    }
    done(fail(errc::unavailable, "The server is busy; try again shortly."));
}

void contribution_writer::stop()
{
    for(auto& s : shards_)
    {
        {
            std::lock_guard lock(s->mutex);
            s->stopping = true;
        }
        s->cv.notify_all();
    }
    for(auto& s : shards_)
        if(s->thread.joinable())
            s->thread.join();
}

std::size_t contribution_writer::pending() const
{
    std::size_t n = 0;
    for(auto const& s : shards_)
    {
        std::lock_guard lock(s->mutex);
        n += s->queue.size();
    }
    return n;
}

void contribution_writer::run(shard& s)
{
    std::vector<item> batch;
    auto last_batch_end = std::chrono::steady_clock::time_point{};
    for(;;)
    {
        {
            std::unique_lock lock(s.mutex);
            s.cv.wait(lock, [&s] { return s.stopping || ! s.queue.empty(); });
            if(s.queue.empty())
                return;
            if(s.queue.size() < gather_rows && std::chrono::steady_clock::now() - last_batch_end < stream_gap)
                s.cv.wait_for(lock, gather_time, [&s] { return s.stopping || s.queue.size() >= gather_rows; });
            // Group commit: whatever arrived while the last batch was committing goes together.
            while(! s.queue.empty() && batch.size() < max_batch_)
            {
                batch.push_back(std::move(s.queue.front()));
                s.queue.pop_front();
            }
        }
        write_batch(batch);
        batch.clear();
        last_batch_end = std::chrono::steady_clock::now();
    }
}

void contribution_writer::write_batch(std::vector<item>& batch)
{
    // Two rows with the same key in one batch share one outcome. The keys are views into the batch,
    // which outlives the map: no copy of two strings per row (malloc led baro's profile, issue 17).
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> first_of;
    std::vector<std::size_t> slot(batch.size());
    std::vector<contribution_row const*> rows;
    rows.reserve(batch.size());
    for(std::size_t i = 0; i < batch.size(); ++i)
    {
        auto const key = std::pair<std::string_view, std::string_view>(batch[i].row.channel, batch[i].row.external_id);
        auto const [it, inserted] = first_of.emplace(key, rows.size());
        slot[i] = it->second;
        if(inserted)
            rows.push_back(&batch[i].row);
    }

    std::vector<insert_outcome> outcomes(rows.size());
    std::vector<std::optional<error>> failures(rows.size());
    write_rows(rows, 0, rows.size(), outcomes, failures);

    for(std::size_t i = 0; i < batch.size(); ++i)
    {
        if(auto const& e = failures[slot[i]])
            batch[i].done(*e);
        else
        {
            ++rows_;
            batch[i].done(outcomes[slot[i]]);
        }
    }
}

void contribution_writer::write_rows(std::vector<contribution_row const*> const& rows, std::size_t first, std::size_t last,
                                     std::vector<insert_outcome>& outcomes, std::vector<std::optional<error>>& failures)
{
    auto const s = commit_rows(rows, first, last, outcomes);
    if(s)
    {
        ++batches_;
        return;
    }
    // A row the database refuses (a value no edge cleaning caught) must not fail its neighbours: the
    // range is halved and each half committed on its own, so with one bad row among n only that row
    // fails, after about 2·log2(n) more transactions.
    if(s.err().code == errc::unprocessable && last - first > 1)
    {
        auto const middle = first + (last - first) / 2;
        write_rows(rows, first, middle, outcomes, failures);
        write_rows(rows, middle, last, outcomes, failures);
        return;
    }
    error const e = s.err().code == errc::unprocessable
                        ? fail(errc::unprocessable, "This contribution cannot be stored as sent; change its text.", "", "refused")
                        // Not the sender's fault (database lost, busy, or a bug): retrying later is
                        // safe, the insert is idempotent, so never a 500 a gateway would not retry.
                        : fail(errc::unavailable, "The contribution could not be stored now; try again shortly.");
    for(auto i = first; i < last; ++i)
        failures[i] = e;
}

status contribution_writer::commit_rows(std::vector<contribution_row const*> const& rows, std::size_t first, std::size_t last,
                                        std::vector<insert_outcome>& outcomes)
{
    batch_columns columns;
    for(auto i = first; i < last; ++i)
        columns.add(*rows[i]);
    auto& c = columns.c;

    static thread_local std::unique_ptr<pqxx::connection> conn;
    static thread_local std::chrono::steady_clock::time_point planned_at;
    auto const deadline = std::chrono::steady_clock::now() + max_retry_time;
    status s = ok_t{};
    for(int attempt = 0;; ++attempt)
    {
        s = guarded("write batch", [&] {
            auto const now = std::chrono::steady_clock::now();
            if(! conn || ! conn->is_open())
            {
                conn = connect(url_);
                // One generic plan, not one custom plan a batch: planning the five-CTE statement
                // cost 0.6 ms a batch, as much as executing a 10-row batch (issue 17).
                conn->set_variable("plan_cache_mode", "force_generic_plan");
                conn->prepare("insert_batch", insert_batch_sql);
                planned_at = now;
            }
            else if(now - planned_at >= replan_interval)
            {
                // A generic plan made while the table was small joins the batch to `contribution`
                // by a full scan and keeps doing so as the table grows (seen in the Twilio bench:
                // PostgreSQL 792 µs a row instead of ~230 until an autoanalyze, which comes at most
                // once a minute). Planned again, it sizes the table from its current pages.
                conn->unprepare("insert_batch");
                conn->prepare("insert_batch", insert_batch_sql);
                planned_at = now;
            }
            // One statement is its own transaction: no BEGIN and COMMIT round trips per batch. libpq
            // returns its result after the implicit COMMIT (synchronous_commit on, as before), and an
            // error at that COMMIT takes precedence over the rows: still no 2xx before durability.
            pqxx::nontransaction tx(*conn);
            auto const r = tx.exec_prepared("insert_batch", c[0].str(), c[1].str(), c[2].str(), c[3].str(), c[4].str(),
                                            c[5].str(), c[6].str(), c[7].str(), c[8].str(), c[9].str(), c[10].str(),
                                            c[11].str(), c[12].str(), c[13].str(), c[14].str(), c[15].str(), c[16].str(),
                                            c[17].str(), c[18].str(), c[19].str(), c[20].str(), c[21].str(), c[22].str(),
                                            c[23].str(), c[24].str(), c[25].str(), c[26].str(), c[27].str(), c[28].str(),
                                            c[29].str(), c[30].str());
            for(auto const& row : r)
            {
                auto const ord = row[0].as<std::size_t>();
                auto& o = outcomes.at(first + ord);
                o.duplicate = row[2].as<bool>();
                o.same_raw = row[3].as<bool>();
                o.withdrawn = row[4].as<bool>();
                if(o.withdrawn)
                    o.id = 0;
                else if(row[1].is_null())
                {
                    auto const& src = *rows.at(first + ord);
                    auto const again = tx.exec_params(find_existing_sql, src.channel, src.external_id, src.raw);
                    o.id = again.at(0)[0].as<std::int64_t>();
                    o.same_raw = again.at(0)[1].as<bool>();
                }
                else
                    o.id = row[1].as<std::int64_t>();
            }
        });
        if(take_connection_lost())
            conn.reset();
        if(s || s.err().code != errc::unavailable || std::chrono::steady_clock::now() >= deadline)
            return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
    }
}

}  // namespace baro::store
