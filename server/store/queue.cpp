#include "store/queue.hpp"

#include "store/array_literal.hpp"
#include "store/async.hpp"
#include "store/search.hpp"

#include <pqxx/pqxx>

#include <functional>

namespace baro::store {

namespace {

// Every filter reads the one JSON parameter $1, and only the filters present in it are written into
// the statement: each shape of filter is then one prepared statement (named after its text) that
// PostgreSQL plans once per connection instead of at every request (planning this page took 7-13 ms
// of a request's ~25 at a million rows). Text searches are still planned for their words (see
// exec_shaped): how common a word is decides between the trigram index and the time order.
// Appends `condition` when the filter has `key`.
void and_if(std::string& where, nlohmann::json const& p, char const* key, char const* condition)
{
    if(p.contains(key))
        (where += " and ") += condition;
}

std::string where_sql(nlohmann::json const& p, bool with_status)
{
    std::string w = "$1::jsonb is not null";  // always true; every statement takes $1
    auto when = [&](char const* key, char const* condition) { and_if(w, p, key, condition); };
    when("consultation_id", "c.consultation_id = ($1::jsonb->>'consultation_id')::bigint");
    when("unrouted", "c.consultation_id is null");
    when("channel", "c.channel = $1::jsonb->>'channel'");
    when("language", "c.language = $1::jsonb->>'language'");
    when("region", "c.region = $1::jsonb->>'region'");
    // Themes a moderator confirmed, or only the machine's suggestions (sql/017).
    auto const state = p.value("theme_state", std::string());
    if(state == "confirmed")
        w += p.contains("theme") ? " and c.themes_confirmed and $1::jsonb->>'theme' = any(c.themes)" : " and c.themes_confirmed";
    else if(state == "suggested")
        w += p.contains("theme") ? " and not c.themes_confirmed and $1::jsonb->>'theme' = any(c.suggested_themes)"
                                 : " and not c.themes_confirmed";
    else
        when("theme", "($1::jsonb->>'theme' = any(c.themes) or $1::jsonb->>'theme' = any(c.suggested_themes))");
    when("tag", "c.tags @> array[$1::jsonb->>'tag']");
    // Text is searched in the indexed copy (sql/029): a contribution is found once the search indexer
    // has seen it, about a tenth of a second after its commit.
    if(p.contains("key"))
        w += p.contains("fuzzy") ? " and exists (select 1 from contribution_search s where s.contribution_id = c.id"
                                   " and (s.search_key like $1::jsonb->>'key_like' or $1::jsonb->>'key' <<% s.search_key))"
                                 : " and exists (select 1 from contribution_search s where s.contribution_id = c.id"
                                   " and s.search_key like $1::jsonb->>'key_like')";
    when("from", "c.received_at >= ($1::jsonb->>'from')::timestamptz");
    when("to", "c.received_at < ($1::jsonb->>'to')::timestamptz");
    if(with_status)
        when("status", "c.status = $1::jsonb->>'status'");
    return w;
}

// A statement whose filter `p` has a text key goes unnamed: PostgreSQL plans an unnamed statement for
// the values it is given, every time. Any other shape is prepared once per connection and planned
// once (a generic plan).
template<class... Args>
pqxx::result exec_shaped(pqxx::transaction_base& tx, nlohmann::json const& p, std::string const& sql, Args&&... args)
{
    if(p.contains("key"))
        return tx.exec_params(sql, std::forward<Args>(args)...);
    auto const name = "queue_" + std::to_string(std::hash<std::string>{}(sql));
    tx.conn().prepare(name, sql);  // a no-op when this connection has it already
    return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// Duplicate groups (sql/009): g is the item's own row in contribution_group (null until the grouper
// has seen it: then it stands alone).
constexpr char const* collapse_sql = R"(
  and not exists (select 1 from contribution_group g2 join contribution d on d.id = g2.contribution_id
                   where g2.group_id = g.group_id and d.status = c.status and d.id < c.id)
)";

constexpr char const* item_from = " from contribution c left join consultation co on co.id = c.consultation_id"
                                  " left join contribution_group g on g.contribution_id = c.id";

// What a moderator sees of a contribution: never the sender key (a short pseudonym instead), never raw bytes.
constexpr char const* item_columns = R"(
  c.id, c.consultation_id, co.slug as consultation, c.channel,
  to_char(c.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as received_at,
  c.display_text, c.edited_text, c.language, c.script, c.region, c.status, c.reject_reason,
  c.suggested_themes, c.themes, c.themes_confirmed, c.tags, c.flags, c.duplicate_of, c.featured, c.version,
  case when c.sender_key is null then null else left(c.sender_key, 6) end as pseudonym,
  (select email from moderator m where m.id = c.claimed_by and c.claimed_until > now()) as claimed_by,
  g.contribution_id is not null as grouped,
  greatest(1, (select count(*) from contribution_group g2 where g2.group_id = g.group_id)) as group_size,
  (select coalesce(array_agg(distinct g2.channel), array[c.channel]) from contribution_group g2
      where g2.group_id = g.group_id) as group_channels,
  (c.sender_key is not null and exists (select 1 from contribution_group g2 join contribution s on s.id = g2.contribution_id
      where g2.group_id = g.group_id and g2.sender_hash = sender_hash(c.sender_key) and g2.contribution_id <> c.id
      and s.sender_key = c.sender_key)) as sender_repeats,
  exists (select 1 from blocked_sender b where b.sender_key = c.sender_key) as sender_blocked,
  (select json_agg(json_build_object('id', m.id, 'kind', m.kind, 'state', m.state, 'reason', m.reason,
      'content_type', m.content_type, 'size', m.size_bytes, 'sha256', m.sha256, 'public', m.public) order by m.id)
      from contribution_media m where m.contribution_id = c.id) as media
)";

// A page is two statements: its ids, under the filter (planned for a text search's words), then the
// items of those ids, one statement for every filter (planned once). Planning the item columns and
// their subqueries took 2.3-3.5 ms, as long as a search page's execution, when it was one statement.
std::string page_ids_sql(nlohmann::json const& p, bool oldest_first)
{
    std::string const cmp = oldest_first ? ">" : "<";
    std::string const dir = oldest_first ? "asc" : "desc";
    bool const collapse = p.contains("collapse");
    return std::string("select c.id from contribution c") +
           (collapse ? " left join contribution_group g on g.contribution_id = c.id" : "") + " where " + where_sql(p, true) +
           (collapse ? collapse_sql : "") +
           (p.contains("after_at") ? " and (c.received_at, c.id) " + cmp +
                                         " (($1::jsonb->>'after_at')::timestamptz, ($1::jsonb->>'after_id')::bigint)"
                                   : std::string()) +
           " order by c.received_at " + dir + ", c.id " + dir + " limit ($1::jsonb->>'limit')::int";
}

std::string page_items_sql(bool oldest_first)
{
    std::string const dir = oldest_first ? "asc" : "desc";
    return std::string("select coalesce(json_agg(x), '[]')::text from (select ") + item_columns + item_from +
           " where c.id = any($1::bigint[]) order by c.received_at " + dir + ", c.id " + dir + ") x";
}

// Counts by status. Filters on counted columns alone (consultation, channel, language, region,
// theme) read the counters: kept rows plus the deltas not yet folded into them (sql/008, sql/035),
// exact at every commit. A tag, text or date filter counts its matches up to count_cap in one index
// walk; past it the answer is "more than 1,000".
constexpr int count_cap = 1000;

std::string counter_counts_sql(nlohmann::json const& p)
{
    std::string w = "$1::jsonb is not null";  // always true; every statement takes $1
    auto when = [&](char const* key, char const* condition) { and_if(w, p, key, condition); };
    when("consultation_id", "q.consultation_id = ($1::jsonb->>'consultation_id')::bigint");
    when("unrouted", "q.consultation_id is null");
    when("channel", "q.channel = $1::jsonb->>'channel'");
    when("language", "q.language = $1::jsonb->>'language'");
    when("region", "q.region = $1::jsonb->>'region'");
    when("theme", "q.theme = $1::jsonb->>'theme'");
    return std::string(
               "select coalesce(json_object_agg(status, n), '{}')::text from (select q.status, sum(q.n)::bigint as n from ") +
           (p.contains("theme") ? "queue_theme_counts" : "queue_counts") + " q where " + w +
           " group by q.status having sum(q.n) > 0) s";
}

std::string capped_counts_sql(nlohmann::json const& p)
{
    return std::string("select coalesce(json_object_agg(status, n), '{}')::text from (select status, count(*) as n from"
                       " (select c.status from contribution c where ") +
           where_sql(p, false) + " limit " + std::to_string(count_cap + 1) + ") x group by status) s";
}

// A text search's capped count, planned for its words, is a merge join walking both tables' primary
// keys for a common word: ~9,800 rows of each for 1,001 matches of `kono` at 1,000,000 rows (11 ms).
// Without merge joins PostgreSQL walks the search keys and probes each match's contribution (7 ms; a
// rare word still reads the trigram index), and keeps its other choices for the other filters. The
// setting lasts until the end of the page's read-only transaction, whose last statement the counts are.
constexpr char const* text_counts_setting = "set local enable_mergejoin = off";

}  // namespace

nlohmann::json to_json(queue_filter const& f)
{
    nlohmann::json j = nlohmann::json::object();
    auto put = [&](char const* k, std::string const& v) {
        if(! v.empty())
            j[k] = v;
    };
    if(f.consultation_id)
        j["consultation_id"] = f.consultation_id;
    put("status", f.status);
    put("channel", f.channel);
    put("language", f.language);
    put("region", f.region);
    put("theme", f.theme);
    put("theme_state", f.theme_state);
    put("tag", f.tag);
    put("key", f.key);
    if(! f.key.empty())
        j["key_like"] = like_pattern(f.key);
    put("from", f.from);
    put("to", f.to);
    if(f.unrouted)
        j["unrouted"] = true;
    if(f.collapse_duplicates)
        j["collapse"] = true;
    if(auto bar = f.after.find('|'); bar != std::string::npos)
    {
        j["after_at"] = f.after.substr(0, bar);
        auto const id = f.after.substr(bar + 1);
        auto const mode = id.find('|');
        j["after_id"] = id.substr(0, mode);
        if(mode != std::string::npos && id.substr(mode + 1) == "fuzzy" && ! f.key.empty())
            j["fuzzy"] = true;
    }
    j["limit"] = std::max(1, std::min(f.limit, 200));
    return j;
}

bool counts_are_exact(queue_filter const& f)
{
    return f.tag.empty() && f.key.empty() && f.from.empty() && f.to.empty() && f.theme_state.empty();
}

void list_queue(database& db, queue_filter f, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "list queue",
        [f = std::move(f)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            // One snapshot for the page's ids, its items and the counts: a row decided or erased
            // between two of them is seen the same way by all three (a page one short would end the
            // paging: `next` is null when fewer than `limit` items come back).
            pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
            auto param = to_json(f);
            auto const page_ids = [&] { return exec_shaped(tx, param, page_ids_sql(param, f.oldest_first), param.dump()); };
            auto ids = page_ids();
            // Near spellings (`<<%`, ~50 µs a row to compute) only when the key's own spellings find
            // nothing: `konno` then finds `kɔnɔ`; the mode travels in the cursor.
            if(ids.empty() && ! f.key.empty() && ! param.contains("fuzzy") && f.after.empty())
            {
                param["fuzzy"] = true;
                ids = page_ids();
            }
            array_literal id_array;
            for(auto const& r : ids)
                id_array.number(r[0].as<std::int64_t>());
            auto items = nlohmann::json::parse(
                exec_shaped(tx, nlohmann::json::object(), page_items_sql(f.oldest_first), id_array.str())[0][0]
                    .as<std::string>());
            bool const fuzzy = param.contains("fuzzy");
            bool const exact = counts_are_exact(f);
            if(! exact && param.contains("key"))
                tx.exec0(text_counts_setting);
            auto counts = nlohmann::json::parse(
                exec_shaped(tx, param, exact ? counter_counts_sql(param) : capped_counts_sql(param), param.dump())[0][0]
                    .as<std::string>());
            std::int64_t total = 0;
            for(auto const& [status, n] : counts.items())
                total += n.get<std::int64_t>();
            bool const capped = ! exact && total > count_cap;
            if(capped)
                counts = nlohmann::json::object();
            nlohmann::json next = nullptr;
            if(static_cast<int>(items.size()) == param["limit"].get<int>() && ! items.empty())
                next = items.back()["received_at"].get<std::string>() + "|" +
                       std::to_string(items.back()["id"].get<std::int64_t>()) + (fuzzy ? "|fuzzy" : "");
            return nlohmann::json{{"items", std::move(items)},
                                  {"next", next},
                                  {"counts", std::move(counts)},
                                  {"counts_capped", capped},
                                  {"near_spellings", fuzzy}};
        },
        std::move(done));
}

void open_contribution(database& db, std::int64_t id, std::int64_t moderator_id, bool claim,
                       std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "open contribution",
        [id, moderator_id, claim](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            auto const cur = tx.exec_params("select c.claimed_by, c.claimed_until > now() as live, m.email from contribution c"
                                            " left join moderator m on m.id = c.claimed_by where c.id = $1 for update of c",
                                            id);
            if(cur.empty())
                return fail(errc::not_found, "No contribution " + std::to_string(id) + ".");
            bool const other = ! cur[0][0].is_null() && cur[0][1].as<bool>(false) && cur[0][0].as<std::int64_t>() != moderator_id;
            if(claim && other)
                return fail(errc::conflict, cur[0][2].as<std::string>() + " is working on this contribution.");
            if(claim)
                tx.exec_params("update contribution set claimed_by = $2, claimed_until = now() + interval '" +
                                   std::to_string(std::chrono::seconds(claim_lifetime).count()) + " seconds' where id = $1",
                               id, moderator_id);
            auto const sql =
                std::string("select row_to_json(x)::text from (select ") + item_columns +
                ", (select coalesce(json_agg(json_build_object('id', m.id, 'channel', m.channel, 'status', m.status)"
                "     order by m.id), '[]') from (select d.id, d.channel, d.status from contribution_group g2"
                "     join contribution d on d.id = g2.contribution_id where g2.group_id = g.group_id and d.id <> c.id"
                "     order by d.id limit 200) m) as group_members,"
                " (select count(*) from contribution s where s.sender_key = c.sender_key) as sender_total,"
                // A public post's source, for moderators only: the link back and what it answered.
                " (select json_build_object('platform', o.platform, 'permalink', o.permalink, 'in_reply_to', o.in_reply_to,"
                "    'context_text', o.context_text, 'posted_at', to_char(o.posted_at at time zone 'UTC',"
                "    'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) from contribution_source o where o.contribution_id = c.id) as source" +
                std::string(item_from) + " where c.id = $1) x";
            auto out = nlohmann::json::parse(tx.exec_params(sql, id)[0][0].as<std::string>());
            tx.commit();
            return out;
        },
        std::move(done));
}

void matching_ids(database& db, queue_filter f, int cap, std::function<void(result<std::vector<std::int64_t>>)> done)
{
    detail::run<std::vector<std::int64_t>>(
        db, "matching ids",
        [f = std::move(f), cap](pqxx::connection_base& conn) -> result<std::vector<std::int64_t>> {
            pqxx::read_transaction tx(conn);
            auto param = to_json(f);
            auto const ids_of = [&] {
                return exec_shaped(tx, param,
                                   "select c.id from contribution c where " + where_sql(param, true) + " order by c.id limit $2",
                                   param.dump(), cap);
            };
            auto rows = ids_of();
            if(rows.empty() && ! f.key.empty() && ! param.contains("fuzzy"))  // as list_queue: near spellings
            {
                param["fuzzy"] = true;
                rows = ids_of();
            }
            std::vector<std::int64_t> ids;
            for(auto const& r : rows)
                ids.push_back(r[0].as<std::int64_t>());
            return ids;
        },
        std::move(done));
}

}  // namespace baro::store
