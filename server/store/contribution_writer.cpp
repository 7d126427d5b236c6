#include "store/contribution_writer.hpp"

#include "core/crypto.hpp"
#include "core/json_text.hpp"
#include "core/log.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

namespace baro::store {

namespace {

// One statement writes the whole batch. The rows travel as one JSON parameter (nlohmann escapes
// every string, so no text can break out) and json_to_recordset turns them back into columns.
// Rows whose (channel, external_id) already exist are skipped and reported with the stored id.
// A public post its author removed (recorded in `withdrawal` under its own id) is never written
// again: not by a late retry of its first delivery, nor by an archive import.
constexpr char const* insert_batch_sql = R"sql(
with input as (
    select * from json_to_recordset($1::json) as x(
        ord int, consultation_id bigint, channel text, external_id text, sender_key text, raw text,
        display_text text, search_key text, language text, script text, region text, gender text, age_band text,
        status text, suggested_themes text[], themes text[], flags text[],
        source_permalink text, source_in_reply_to text, source_context text, source_posted_at bigint,
        has_source boolean,
        reply_kind text, reply_provider text, reply_route text, reply_sealed text, reply_window bigint,
        reply_consultation bigint,
        media_kind text, media_provider text, media_sealed text, media_type text)
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

nlohmann::json to_json_row(std::size_t ord, contribution_row const& r)
{
    auto opt = [](std::string const& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
    return {
        {"ord", ord},
        {"consultation_id", r.consultation_id ? nlohmann::json(*r.consultation_id) : nlohmann::json()},
        {"channel", r.channel},
        {"external_id", r.external_id},
        {"sender_key", opt(r.sender_key)},
        {"raw", r.raw},
        {"display_text", r.display_text},
        {"search_key", r.search_key},
        {"language", r.language},
        {"script", r.script},
        {"region", opt(r.region)},
        {"gender", opt(r.gender)},
        {"age_band", opt(r.age_band)},
        {"status", r.status},
        {"suggested_themes", r.suggested_themes},
        {"themes", r.themes},
        {"flags", r.flags},
        {"has_source", r.source.has_value()},
        {"source_permalink", r.source ? opt(r.source->permalink) : nlohmann::json()},
        {"source_in_reply_to", r.source ? opt(r.source->in_reply_to) : nlohmann::json()},
        {"source_context", r.source ? opt(r.source->context_text) : nlohmann::json()},
        {"source_posted_at", r.source && r.source->posted_at > 0 ? nlohmann::json(r.source->posted_at) : nlohmann::json()},
        {"reply_kind", r.reply ? nlohmann::json(r.reply->kind) : nlohmann::json()},
        {"reply_provider", r.reply ? nlohmann::json(r.reply->provider) : nlohmann::json()},
        {"reply_route", r.reply ? nlohmann::json(r.reply->route) : nlohmann::json()},
        {"reply_sealed", r.reply ? nlohmann::json(crypto::to_hex(r.reply->sealed)) : nlohmann::json()},
        {"reply_window", r.reply ? nlohmann::json(r.reply->window_from) : nlohmann::json()},
        {"reply_consultation", r.reply && r.reply->consultation_id ? nlohmann::json(r.reply->consultation_id) : nlohmann::json()},
        {"media_kind", r.media ? nlohmann::json(r.media->kind) : nlohmann::json()},
        {"media_provider", r.media ? nlohmann::json(r.media->provider) : nlohmann::json()},
        {"media_sealed", r.media ? nlohmann::json(crypto::to_hex(r.media->sealed)) : nlohmann::json()},
        {"media_type", r.media ? nlohmann::json(r.media->declared_type) : nlohmann::json()},
    };
}

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
    for(;;)
    {
        {
            std::unique_lock lock(s.mutex);
            s.cv.wait(lock, [&s] { return s.stopping || ! s.queue.empty(); });
            if(s.queue.empty())
                return;
            // Group commit: whatever arrived while the last batch was committing goes together.
            while(! s.queue.empty() && batch.size() < max_batch_)
            {
                batch.push_back(std::move(s.queue.front()));
                s.queue.pop_front();
            }
        }
        write_batch(batch);
        batch.clear();
    }
}

void contribution_writer::write_batch(std::vector<item>& batch)
{
    // Two rows with the same key in one batch share one outcome.
    std::map<std::pair<std::string, std::string>, std::size_t> first_of;
    std::vector<std::size_t> slot(batch.size());
    std::vector<contribution_row const*> rows;
    for(std::size_t i = 0; i < batch.size(); ++i)
    {
        auto const key = std::make_pair(batch[i].row.channel, batch[i].row.external_id);
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
    nlohmann::json input = nlohmann::json::array();
    for(auto i = first; i < last; ++i)
        input.push_back(to_json_row(i - first, *rows[i]));
    std::string const payload = dump_json(input);

    static thread_local std::unique_ptr<pqxx::connection> conn;
    auto const deadline = std::chrono::steady_clock::now() + max_retry_time;
    status s = ok_t{};
    for(int attempt = 0;; ++attempt)
    {
        s = guarded("write batch", [&] {
            if(! conn || ! conn->is_open())
            {
                conn = connect(url_);
                // Parsed and analysed once per connection, not once per batch; still planned for
                // every batch: a generic plan made while the table was small joins the batch to
                // `contribution` by a full scan and keeps doing so as the table grows (seen in the
                // Twilio bench: PostgreSQL 792 µs a row instead of ~230 until an autoanalyze).
                conn->set_variable("plan_cache_mode", "force_custom_plan");
                conn->prepare("insert_batch", insert_batch_sql);
            }
            pqxx::work tx(*conn);
            auto const r = tx.exec_prepared("insert_batch", payload);
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
            tx.commit();
        });
        if(take_connection_lost())
            conn.reset();
        if(s || s.err().code != errc::unavailable || std::chrono::steady_clock::now() >= deadline)
            return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
    }
}

}  // namespace baro::store
