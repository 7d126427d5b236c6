#include "store/duplicate_grouper.hpp"

#include "core/log.hpp"
#include "moderation/rules/group_assignment.hpp"
#include "moderation/rules/near_duplicate.hpp"
#include "moderation/rules/trigram_similarity.hpp"
#include "store/array_literal.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"
#include "store/grouper_pacing.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace baro::store {

namespace {

constexpr long long grouper_lock_key = 0x6261726f67727570;  // "barogrup"
constexpr int look_back = 1000;                             // ids behind the newest grouped one
constexpr int sweep_every = 3000;                           // rounds between full sweeps (10 min idle)

// The queue of contributions to group again (sql/039), oldest id first, with the time each was queued
// (as text: it goes back exactly as it came).
constexpr char const* redo_sql =
    "select r.contribution_id as id, r.queued_at::text, c.consultation_id, c.search_key from group_redo r"
    " join contribution c on c.id = r.contribution_id order by r.contribution_id limit $1";

// Out of the queue once grouped, unless queued again since the round read it (its text changed again).
constexpr char const* redo_done_sql =
    "delete from group_redo r using unnest($1::bigint[], $2::timestamptz[]) as d(id, queued_at)"
    " where r.contribution_id = d.id and r.queued_at = d.queued_at";

// Rule 1 for a whole round, against the contributions grouped before it (moderation/rules/group_assignment):
// the group rows of the key's hash (sql/038), smallest group first, each confirmed on its contribution
// row until one has the same consultation and key: one index entry and one probe a message, where
// reading every contribution with the key cost an SMS vote's ten-thousandth copy ten thousand rows. The
// confirmation is a scalar subquery, run per group row in that order, never a join PostgreSQL may hash.
constexpr char const* exact_sql = R"sql(
select r.n, x.group_id
from unnest($1::bigint[], $2::bigint[], $3::text[]) with ordinality as r(id, consultation, key, n)
cross join lateral (
    select g.group_id from contribution_group g
    where g.key_hash = group_key_hash(r.consultation, r.key) and g.contribution_id <> r.id
      and (select d.search_key = r.key and d.consultation_id is not distinct from nullif(r.consultation, 0)
           from contribution d where d.id = g.contribution_id)
    order by g.group_id limit 1) x
where r.key <> ''
)sql";

// Rule 2's candidates for a whole round: for each distinct band of the round (a copy-paste campaign's
// thousands of messages share a few), the 50 largest ids among grouped contributions that carry it, read
// backwards from the index of its position (sql/037: a band hash carries its position, so band b of
// one text only ever equals band b of another): a few dozen index entries however large the campaign.
// Each band runs the one branch of its position. The union of each band's 50 largest holds the 50
// largest of the union; the assignment takes those per contribution.
std::string make_candidates_sql()
{
    std::string branches;
    for(int position = 1; position <= moderation::near_duplicate_bands; ++position)
    {
        auto const p = std::to_string(position);
        branches += std::string(position > 1 ? "    union all\n" : "") +
                    "    (select contribution_id, group_id from contribution_group where b.position = " + p +
                    " and bands[" + p + "] = b.band order by contribution_id desc limit $3)\n";
    }
    return "select b.band, x.contribution_id, x.group_id, coalesce(d.consultation_id, 0), d.search_key\n"
           "from unnest($1::int[], $2::bigint[]) as b(position, band)\n"
           "cross join lateral (\n" +
           branches +
           ") x\n"
           // Lateral, "limit 1" keeping it a subquery: one primary-key probe a candidate. As a join,
           // PostgreSQL hashed the whole contribution table, its estimate of the union's rows a hundredfold.
           "cross join lateral (select consultation_id, search_key from contribution where id = x.contribution_id limit 1) d\n";
}

// The similarities the assignment asks for that baro cannot compute itself (moderation/rules/
// trigram_similarity: keys with other than ASCII), in the order asked ("offset 0" keeps each computed once).
constexpr char const* similarity_sql = R"sql(
select p.n, p.s, p.s >= $3::float8 from (
    select p.n, similarity(d.search_key, p.key) as s
    from unnest($1::bigint[], $2::text[]) with ordinality as p(candidate, key, n)
    join contribution d on d.id = p.candidate offset 0) p
)sql";

// With each member's channel and sender hash (sql/036), which the queue reads from the group's index
// alone. A contribution erased since the round read it is left out (it has nothing left to group).
constexpr char const* insert_sql = R"sql(
insert into contribution_group (contribution_id, group_id, bands, channel, sender_hash, key_hash)
select r.id, r.group_id, r.bands::bigint[], c.channel, sender_hash(c.sender_key),
       case when c.search_key <> '' then group_key_hash(c.consultation_id, c.search_key) end
from unnest($1::bigint[], $2::bigint[], $3::text[]) as r(id, group_id, bands)
join contribution c on c.id = r.id
on conflict do nothing
)sql";

// The keys a round may compare, by contribution id, and their trigram sets, made on first use (most
// candidates of a band are never asked about). Which non-ASCII characters of the keys are separators
// is the database's answer (its locale decides), asked once a round.
class trigram_cache
{
public:
    void add(std::int64_t id, std::string key) { entries_.try_emplace(id, entry{std::move(key), {}, false}); }

    /// Asks the database which non-ASCII characters of the keys added so far are no part of a word.
    void learn_separators(pqxx::transaction_base& tx)
    {
        std::unordered_set<char32_t> seen;
        for(auto const& [id, e] : entries_)
            moderation::add_non_ascii(e.key, seen);
        if(seen.empty())
            return;
        array_literal code_points;
        for(auto const cp : seen)
            code_points.number(static_cast<std::int64_t>(cp));
        for(auto const& r : tx.exec_params(separators_sql, code_points.str()))
            separators_.insert(static_cast<char32_t>(r[0].as<std::int64_t>()));
    }

    /// The trigram set of contribution `id`'s key, or null when baro cannot compute it (or never saw it).
    moderation::trigram_set const* of(std::int64_t id)
    {
        auto const found = entries_.find(id);
        if(found == entries_.end())
            return nullptr;
        auto& e = found->second;
        if(! e.made)
        {
            e.trigrams = moderation::trigrams(e.key, separators_);
            e.made = true;
        }
        return e.trigrams ? &*e.trigrams : nullptr;
    }

private:
    // pg_trgm finds no trigram in a character alone exactly when it is no part of a word.
    static constexpr char const* separators_sql =
        "select cp from unnest($1::int[]) as c(cp) where cp between 128 and 1114111 and cp not between 55296 and 57343 and show_trgm(chr(cp)) = '{}'";

    struct entry
    {
        std::string key;
        std::optional<moderation::trigram_set> trigrams;
        bool made = false;
    };
    std::unordered_map<std::int64_t, entry> entries_;
    std::unordered_set<char32_t> separators_;
};

std::string bands_literal(std::vector<std::int64_t> const& bands)
{
    std::string out = "{";
    for(std::size_t i = 0; i < bands.size(); ++i)
        out += (i ? "," : "") + std::to_string(bands[i]);
    return out + "}";
}

// One round: a handful of statements whatever its size (it was three a row).
int group_batch(pqxx::connection_base& conn, int batch, bool full_sweep)
{
    pqxx::work tx(conn);
    if(! tx.exec("select pg_try_advisory_xact_lock(" + std::to_string(grouper_lock_key) + ")")[0][0].as<bool>())
        return 0;
    // Never a bitmap scan: it reads every group row of a band or key and sorts them, and a band or key
    // that thousands share (a copy-paste campaign, an SMS vote) is where that costs; the ordered index
    // scans stop at 50 and at 1. PostgreSQL would choose the bitmap from its estimate of an average
    // band's or key's rows, a handful.
    tx.exec("set local enable_bitmapscan = off");
    // First the contributions whose text or consultation changed since they were grouped (queued by
    // sql/039's trigger), at most half the round, so that new ones keep moving while a reindex's
    // thousands wait: their group rows (if the grouper placed them again since) go, and they are
    // placed by their text of now.
    auto const redo = tx.exec_params(redo_sql, std::max(1, batch / 2));
    array_literal redo_ids, redo_times;
    for(auto const& row : redo)
    {
        redo_ids.number(row[0].as<std::int64_t>());
        redo_times.text(row[1].as<std::string>());
    }
    if(! redo.empty())
        tx.exec_params("delete from contribution_group where contribution_id = any($1::bigint[])", redo_ids.str());
    // The bound twice: on contribution_group too, or the anti-join reads every group row (see lag_sql).
    auto const pending = tx.exec_params(
        "select c.id, c.consultation_id, c.search_key from contribution c"
        " where c.id > $1 and not exists (select 1 from contribution_group g where g.contribution_id = c.id and g.contribution_id > $1)"
        " order by c.id limit $2",
        full_sweep
            ? 0
            : tx.exec("select coalesce(max(contribution_id), 0) from contribution_group")[0][0].as<std::int64_t>() - look_back,
        batch - static_cast<int>(redo.size()));
    if(pending.empty() && redo.empty())
        return 0;

    // One row a contribution (a queued one may also be among the pending), in id order.
    std::vector<moderation::round_contribution> rows;
    rows.reserve(redo.size() + pending.size());
    for(auto const* result : {&redo, &pending})
        for(auto const& row : *result)
        {
            moderation::round_contribution r;
            r.id = row["id"].as<std::int64_t>();
            r.consultation = row["consultation_id"].as<std::int64_t>(0);
            r.key = row["search_key"].as<std::string>();
            rows.push_back(std::move(r));
        }
    std::sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.id < b.id; });
    rows.erase(std::unique(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.id == b.id; }), rows.end());
    array_literal ids, consultations, keys;
    for(auto& r : rows)
    {
        r.bands = moderation::similarity_bands(r.key, r.consultation);
        ids.number(r.id);
        consultations.number(r.consultation);
        keys.text(r.key);
    }
    auto const round_rows = rows.size();
    std::vector<std::optional<std::int64_t>> exact(rows.size());
    for(auto const& e : tx.exec_params(exact_sql, ids.str(), consultations.str(), keys.str()))
        exact.at(e[0].as<std::size_t>() - 1) = e[1].as<std::int64_t>();
    moderation::group_assignment assignment(std::move(rows), std::move(exact));

    std::vector<std::pair<std::int64_t, std::int64_t>> distinct_bands;  // (position, band)
    for(std::size_t i = 0; i < assignment.rows().size(); ++i)
        if(assignment.needs_candidates(i))
            for(std::size_t b = 0; b < assignment.rows()[i].bands.size(); ++b)
                distinct_bands.emplace_back(static_cast<std::int64_t>(b) + 1, assignment.rows()[i].bands[b]);
    std::sort(distinct_bands.begin(), distinct_bands.end());
    distinct_bands.erase(std::unique(distinct_bands.begin(), distinct_bands.end()), distinct_bands.end());
    array_literal positions, bands;
    for(auto const& [position, band] : distinct_bands)
    {
        positions.number(position);
        bands.number(band);
    }
    std::unordered_map<std::int64_t, std::vector<moderation::outside_candidate>> by_band;
    trigram_cache trigrams;
    auto const found = tx.exec_params(grouper_candidates_sql(), positions.str(), bands.str(),
                                      static_cast<int>(moderation::near_duplicate_candidates));
    for(auto const& c : found)
    {
        auto const id = c[1].as<std::int64_t>();
        by_band[c[0].as<std::int64_t>()].push_back({id, c[2].as<std::int64_t>(), c[3].as<std::int64_t>()});
        trigrams.add(id, c[4].as<std::string>());
    }
    assignment.set_outside_candidates(by_band);
    for(auto const& r : assignment.rows())
        trigrams.add(r.id, r.key);
    trigrams.learn_separators(tx);

    for(auto need = assignment.advance(); ! need.empty(); need = assignment.advance())
    {
        // What both keys allow is computed here, exactly as pg_trgm would; the rest goes to PostgreSQL.
        std::vector<moderation::similarity_request> ask;
        for(auto const& r : need)
        {
            auto const* row = trigrams.of(assignment.rows()[r.row].id);
            auto const* candidate = trigrams.of(r.candidate);
            if(row && candidate)
            {
                float const s = moderation::trigram_similarity(*row, *candidate);
                assignment.set_similarity(r, s, double{s} >= moderation::near_duplicate_similarity);
            }
            else
                ask.push_back(r);
        }
        if(ask.empty())
            continue;
        array_literal candidates, their_keys;
        for(auto const& r : ask)
        {
            candidates.number(r.candidate);
            their_keys.text(assignment.rows()[r.row].key);
        }
        std::vector<bool> answered(ask.size(), false);
        for(auto const& s :
            tx.exec_params(similarity_sql, candidates.str(), their_keys.str(), moderation::near_duplicate_similarity))
        {
            auto const k = s[0].as<std::size_t>() - 1;
            assignment.set_similarity(ask.at(k), s[1].as<float>(), s[2].as<bool>());
            answered[k] = true;
        }
        for(std::size_t k = 0; k < ask.size(); ++k)
            if(! answered[k])  // erased since: never similar
                assignment.set_similarity(ask[k], 0.0F, false);
    }

    array_literal group_ids, group_of, band_lists;
    for(std::size_t i = 0; i < assignment.rows().size(); ++i)
    {
        group_ids.number(assignment.rows()[i].id);
        group_of.number(assignment.groups()[i]);
        band_lists.text(bands_literal(assignment.rows()[i].bands));
    }
    tx.exec_params(insert_sql, group_ids.str(), group_of.str(), band_lists.str());
    if(! redo.empty())
        tx.exec_params(redo_done_sql, redo_ids.str(), redo_times.str());
    tx.commit();
    return static_cast<int>(round_rows);
}

// The age of the first contribution not yet grouped, in id order (the grouper's), near the newest
// grouped id (where the grouper works between sweeps); 0 when every one is grouped. The first by id,
// not min(received_at): ids follow the writer's commits, so the two differ by milliseconds, and the
// minimum read every ungrouped row each round: 16 µs a message of the grouper's time while it caught
// up after a broadcast (docs/performance.md, "The duplicate grouper alone"). The bound is repeated on
// contribution_group, as in the round's pending rows: PostgreSQL does not carry it across the
// equality, and its merge anti-join then read every group row from the first. A contribution queued
// to be grouped again (sql/039) counts from the time its text changed.
constexpr char const* lag_sql = R"sql(
select greatest(coalesce((
    select extract(epoch from clock_timestamp() - c.received_at) from contribution c
    where c.id > (select coalesce(max(contribution_id), 0) from contribution_group) - $1
      and not exists (select 1 from contribution_group g where g.contribution_id = c.id
                      and g.contribution_id > (select coalesce(max(contribution_id), 0) from contribution_group) - $1)
    order by c.id limit 1), 0),
  coalesce((select extract(epoch from clock_timestamp() - min(queued_at)) from group_redo), 0))::float8
)sql";

}  // namespace

char const* grouper_exact_sql() { return exact_sql; }

std::string const& grouper_candidates_sql()
{
    static std::string const sql = make_candidates_sql();
    return sql;
}

result<int> group_pending(std::string const& url, int batch, bool full_sweep)
{
    int n = 0;
    auto const s = guarded("group duplicates", [&] {
        auto conn = connect(url);
        n = group_batch(*conn, batch, full_sweep);
    });
    if(! s)
        return s.err();
    return n;
}

duplicate_grouper::duplicate_grouper(std::string url, std::function<std::size_t()> writer_waiting,
                                     std::chrono::milliseconds idle)
    : writer_waiting_(std::move(writer_waiting)),
      idle_(idle),
      worker_(std::move(url), "group duplicates", 1, [this] { return make_round(); })
{
}

duplicate_grouper::~duplicate_grouper() { stop(); }

round_worker::round duplicate_grouper::make_round()
{
    return [this, round = 0](pqxx::connection_base& conn) mutable {
        // The pacing (store/grouper_pacing): small rounds while messages wait for the writer, a rest
        // as long as the round while it keeps up and twice as long while it falls behind; otherwise
        // straight on until the backlog is gone (a round costs a few statements whatever its size).
        int const rows = grouper_round_size(writer_waiting_(), lag_seconds_.load());
        auto const start = std::chrono::steady_clock::now();
        int const done = group_batch(conn, rows, round++ % sweep_every == 0);
        grouped_ += static_cast<std::uint64_t>(done);
        {
            pqxx::read_transaction tx(conn);
            lag_seconds_ = std::max(0.0, tx.exec_params(lag_sql, look_back)[0][0].as<double>());
        }
        auto const took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        return grouper_rest(writer_waiting_(), lag_seconds_.load(), done, rows, took, idle_);
    };
}

}  // namespace baro::store
