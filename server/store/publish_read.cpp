#include "store/publish_read.hpp"

#include "store/array_literal.hpp"
#include "store/connection.hpp"
#include "store/copy_rows.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <map>

namespace baro::store {

namespace {

// The public columns, in the order row_of reads them. `pub` is the publication time (received_at
// for a row published before published_at was recorded).
constexpr char const* public_columns =
    "c.id, coalesce(c.edited_text, c.display_text), c.language, coalesce(c.region, ''), c.channel,"
    " array_to_string(case when c.themes_confirmed or cardinality(c.themes) > 0 then c.themes else c.suggested_themes end, ','),"
    " to_char(coalesce(c.published_at, c.received_at) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
    " (extract(epoch from coalesce(c.published_at, c.received_at)) * 1000000)::bigint,"
    " 'featured' = any(c.tags),"
    " 1 + (select count(*) from contribution d where d.duplicate_of = c.id and d.status = 'duplicate'),"
    // How it came (issue 15): a voice note or a picture, never the medium itself.
    " coalesce((select case m.kind when 'audio' then 'voice' else 'image' end from contribution_media m"
    "           where m.contribution_id = c.id order by m.id limit 1), 'text')";

constexpr char const* published_where = " c.consultation_id = $1 and c.status = 'published'";

std::vector<std::string> split_commas(std::string const& s)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    while(i < s.size())
    {
        auto const j = s.find(',', i);
        out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
        i = j == std::string::npos ? s.size() : j + 1;
    }
    return out;
}

public_contribution row_of(pqxx::row const& r, int at = 0)
{
    public_contribution c;
    c.id = r[at].as<std::int64_t>();
    c.text = r[at + 1].as<std::string>();
    c.language = r[at + 2].as<std::string>();
    c.region = r[at + 3].as<std::string>();
    c.channel = r[at + 4].as<std::string>();
    c.themes = split_commas(r[at + 5].as<std::string>());
    c.published_at = r[at + 6].as<std::string>();
    c.published_us = r[at + 7].as<std::int64_t>();
    c.featured = r[at + 8].as<bool>();
    c.sent_by = r[at + 9].as<std::int64_t>();
    c.medium = r[at + 10].as<std::string>();
    return c;
}

constexpr char const* effective_themes_of_c = "case when c.themes_confirmed or cardinality(c.themes) > 0 then c.themes else c.suggested_themes end";

bool by_count_then_key(count_row const& a, count_row const& b) { return a.count != b.count ? a.count > b.count : a.key < b.key; }

// The counts come from published_count (sql/010), kept by triggers as contributions are published,
// unpublished, edited or erased: a few hundred rows, whatever the number of contributions.
void read_counts(pqxx::transaction_base& tx, std::int64_t id, published_summary& s)
{
    auto const rows = tx.exec_params("select dimension, key, n from published_count where consultation_id = $1 and n > 0", id);
    for(auto const& r : rows)
    {
        auto const dimension = r[0].as<std::string>();
        count_row row{r[1].as<std::string>(), r[2].as<std::int64_t>()};
        if(dimension == "total")
            s.total = row.count;
        else if(dimension == "theme")
            s.by_theme.push_back(std::move(row));
        else if(dimension == "region")
            s.by_region.push_back(std::move(row));
        else if(dimension == "language")
            s.by_language.push_back(std::move(row));
        else if(dimension == "channel")
            s.by_channel.push_back(std::move(row));
        else if(dimension == "day")
            s.by_day.push_back(std::move(row));
    }
    for(auto* v : {&s.by_theme, &s.by_region, &s.by_language, &s.by_channel})
        std::sort(v->begin(), v->end(), by_count_then_key);
    std::sort(s.by_day.begin(), s.by_day.end(), [](auto const& a, auto const& b) { return a.key < b.key; });
}

// Up to quotes_per_theme contributions per theme, newest first, featured or not, read from the
// matching time-ordered index (contribution_featured, contribution_published) theme by theme.
std::map<std::string, std::vector<public_contribution>> newest_per_theme(pqxx::transaction_base& tx, std::int64_t id,
                                                                         std::string const& themes, bool featured)
{
    std::map<std::string, std::vector<public_contribution>> out;
    auto const rows =
        tx.exec_params("select th.t, l.* from unnest($3::text[]) as th(t) cross join lateral ("
                       " select " +
                           std::string(public_columns) + " from contribution c where" + published_where + " and " +
                           (featured ? "" : "not ") + "'featured' = any(c.tags) and th.t = any(" + effective_themes_of_c +
                           ")"
                           " order by coalesce(c.published_at, c.received_at) desc, c.id desc limit $2) l",
                       id, quotes_per_theme, themes);
    for(auto const& r : rows)
        out[r[0].as<std::string>()].push_back(row_of(r, 1));
    return out;
}

// Per theme, featured quotes first (newest first), then the latest of the others.
void read_quotes(pqxx::transaction_base& tx, std::int64_t id, published_summary& s)
{
    std::vector<std::string> keys;
    for(auto const& t : s.by_theme)
        keys.push_back(t.key);
    auto const themes = text_array_literal(keys);
    auto quotes = newest_per_theme(tx, id, themes, true);
    for(auto& [t, v] : newest_per_theme(tx, id, themes, false))
        for(auto& c : v)
            if(quotes[t].size() < static_cast<std::size_t>(quotes_per_theme))
                quotes[t].push_back(std::move(c));
    for(auto& [t, v] : quotes)
        for(auto& c : v)
            s.quotes.push_back({t, std::move(c)});
}

// People per answer to the optional questions: the partial index of sql/026 holds only the
// published rows that answered, so this reads those and nothing else.
void read_demographics(pqxx::transaction_base& tx, std::int64_t id, published_summary& s)
{
    auto const rows = tx.exec_params(
        "select q, a, count(distinct coalesce(c.sender_key, 'id:' || c.id)) from contribution c,"
        " lateral (values ('gender', c.gender), ('age_band', c.age_band)) v(q, a)"
        " where" + std::string(published_where) + " and (c.gender is not null or c.age_band is not null) and a is not null"
        " group by q, a",
        id);
    for(auto const& r : rows)
        (r[0].as<std::string>() == "gender" ? s.by_gender : s.by_age_band)
            .push_back({r[1].as<std::string>(), r[2].as<std::int64_t>()});
}

published_summary read_summary(pqxx::transaction_base& tx, std::int64_t id)
{
    published_summary s;
    s.consultation_id = id;
    auto const head =
        tx.exec_params("select coalesce(to_char(opens_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
                       " coalesce(to_char(closes_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
                       " (select coalesce(to_char(max(coalesce(c.published_at, c.received_at)) at time zone 'UTC',"
                       "    'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '') || '|' ||"
                       "   coalesce(floor(extract(epoch from max(coalesce(c.published_at, c.received_at))))::bigint, 0)"
                       "  from contribution c where" +
                           std::string(published_where) +
                           ")"
                           " from consultation where id = $1",
                       id);
    if(head.empty())
        return s;
    s.opens_at = head[0][0].as<std::string>();
    s.closes_at = head[0][1].as<std::string>();
    auto const last = head[0][2].as<std::string>();
    auto const bar = last.find('|');
    s.last_published_at = last.substr(0, bar);
    s.last_published_s = std::stoll(last.substr(bar + 1));
    read_counts(tx, id, s);
    // Received per day counts every contribution, published or not: an index-only range scan of
    // contribution_consultation_time (sql/007), one row per day out.
    for(auto const& r : tx.exec_params("select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD') d, count(*) from contribution"
                                       " where consultation_id = $1 group by d order by d",
                                       id))
        s.received_by_day.push_back({r[0].as<std::string>(), r[1].as<std::int64_t>()});
    if(s.total == 0)
        return s;
    read_demographics(tx, id, s);
    read_quotes(tx, id, s);
    auto const latest = tx.exec_params("select " + std::string(public_columns) + " from contribution c where" + published_where +
                                           " order by coalesce(c.published_at, c.received_at) desc, c.id desc limit $2",
                                       id, summary_latest);
    for(auto const& r : latest)
        s.latest.push_back(row_of(r));
    return s;
}

}  // namespace

void load_published_summary(database& db, std::int64_t consultation_id, std::function<void(result<published_summary>)> done)
{
    auto const queued = db.post([consultation_id, done](pqxx::connection_base* conn) {
        if(! conn)
            return done(fail(errc::unavailable, "The database is unavailable; try again shortly."));
        published_summary s;
        auto const st = guarded("summary", [&] {
            // One snapshot for every statement of the summary: counts and quotes agree.
            pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*conn);
            s = read_summary(tx, consultation_id);
        });
        if(! st)
            return done(st.err());
        done(std::move(s));
    });
    if(! queued)
        done(fail(errc::unavailable, "The server is busy; try again shortly."));
}

void list_published(database& db, contribution_filter f, std::function<void(result<std::vector<public_contribution>>)> done)
{
    auto const queued = db.post([f = std::move(f), done](pqxx::connection_base* conn) {
        if(! conn)
            return done(fail(errc::unavailable, "The database is unavailable; try again shortly."));
        std::vector<public_contribution> out;
        auto const st = guarded("list published", [&] {
            pqxx::read_transaction tx(*conn);
            auto const rows = tx.exec_params(
                "select " + std::string(public_columns) + " from contribution c where" + published_where +
                    " and ($2 = '' or $2 = any(case when c.themes_confirmed or cardinality(c.themes) > 0 then c.themes else c.suggested_themes end))"
                    " and ($3 = '' or c.region = $3) and ($4 = '' or c.language = $4)"
                    " and (not $5::boolean or (coalesce(c.published_at, c.received_at), c.id) <"
                    "      ('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::bigint))"
                    " order by coalesce(c.published_at, c.received_at) desc, c.id desc limit $8",
                f.consultation_id, f.theme, f.region, f.language, f.before.has_value(), f.before ? f.before->first : 0,
                f.before ? f.before->second : 0, f.limit);
            for(auto const& r : rows)
                out.push_back(row_of(r));
        });
        if(! st)
            return done(st.err());
        done(std::move(out));
    });
    if(! queued)
        done(fail(errc::unavailable, "The server is busy; try again shortly."));
}

void load_published(database& db, std::int64_t consultation_id, std::int64_t id,
                    std::function<void(result<std::optional<public_contribution>>)> done)
{
    auto const queued = db.post([consultation_id, id, done](pqxx::connection_base* conn) {
        if(! conn)
            return done(fail(errc::unavailable, "The database is unavailable; try again shortly."));
        std::optional<public_contribution> out;
        auto const st = guarded("load published", [&] {
            pqxx::read_transaction tx(*conn);
            auto const rows = tx.exec_params("select " + std::string(public_columns) + " from contribution c where" +
                                                 published_where + " and c.id = $2",
                                             consultation_id, id);
            if(! rows.empty())
            {
                out = row_of(rows[0]);
                // The link back to a public post, only where the organiser switched links on.
                auto const link = tx.exec_params("select o.permalink from contribution_source o join consultation k on k.id = $1"
                                                 " where o.contribution_id = $2 and k.show_source_links and o.permalink is not null",
                                                 consultation_id, id);
                if(! link.empty())
                    out->source_link = link[0][0].as<std::string>();
            }
        });
        if(! st)
            return done(st.err());
        done(std::move(out));
    });
    if(! queued)
        done(fail(errc::unavailable, "The server is busy; try again shortly."));
}

result<std::int64_t> count_published(std::string const& url, std::int64_t consultation_id)
{
    std::int64_t n = 0;
    auto const st = guarded("count published", [&] {
        auto conn = connect(url);
        pqxx::read_transaction tx(*conn);
        n = tx.exec_params("select count(*) from contribution c where" + std::string(published_where), consultation_id)[0][0]
                .as<std::int64_t>();
    });
    if(! st)
        return st.err();
    return n;
}

status stream_published(std::string const& url, std::int64_t consultation_id,
                        std::function<bool(public_contribution const&)> const& row)
{
    return guarded("stream published", [&] {
        auto conn = connect(url);
        pqxx::read_transaction tx(*conn);
        copy_rows(*conn, tx,
                  "select " + std::string(public_columns) + " from contribution c where" +
                      " c.consultation_id = " + std::to_string(consultation_id) +
                      " and c.status = 'published'"
                      " order by coalesce(c.published_at, c.received_at) desc, c.id desc",
                  [&row](copy_fields const& f) {
                      if(f.size() < 11)
                          return true;
                      public_contribution c;
                      c.id = std::stoll(f[0].value_or("0"));
                      c.text = f[1].value_or("");
                      c.language = f[2].value_or("");
                      c.region = f[3].value_or("");
                      c.channel = f[4].value_or("");
                      c.themes = split_commas(f[5].value_or(""));
                      c.published_at = f[6].value_or("");
                      c.published_us = std::stoll(f[7].value_or("0"));
                      c.featured = f[8].value_or("f") == "t";
                      c.sent_by = std::stoll(f[9].value_or("1"));
                      c.medium = f[10].value_or("text");
                      return row(c);
                  });
    });
}

std::vector<std::optional<std::string>> parse_copy_line(std::string_view line)
{
    if(! line.empty() && line.back() == '\n')
        line.remove_suffix(1);
    std::vector<std::optional<std::string>> out;
    std::string cur;
    bool null = false;
    for(std::size_t i = 0; i <= line.size(); ++i)
    {
        if(i == line.size() || line[i] == '\t')
        {
            out.push_back(null ? std::nullopt : std::optional<std::string>(std::move(cur)));
            cur.clear();
            null = false;
            continue;
        }
        char const c = line[i];
        if(c != '\\' || i + 1 == line.size())
        {
            cur += c;
            continue;
        }
        char const e = line[++i];
        switch(e)
        {
        case 'N': null = true; break;
        case 'n': cur += '\n'; break;
        case 't': cur += '\t'; break;
        case 'r': cur += '\r'; break;
        case 'b': cur += '\b'; break;
        case 'f': cur += '\f'; break;
        case 'v': cur += '\v'; break;
        default: cur += e;  // backslash itself, and anything PostgreSQL escapes without a letter
        }
    }
    return out;
}

}  // namespace baro::store
