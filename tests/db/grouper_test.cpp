// The set-based duplicate grouper (store/duplicate_grouper, moderation/rules/group_assignment) groups
// exactly as the row-by-row grouper it replaced (issue 17: "grouping behaves exactly as before"). The
// row-by-row one is kept here, statement for statement, as the reference; both group the same real
// Bambara and French sentences (tests/data/bayelemabaga), copied, edited word by word and pasted into
// several consultations and the unrouted inbox. Similarity is computed by baro where it can
// (moderation/rules/trigram_similarity) and by PostgreSQL otherwise; the reference always asks PostgreSQL.
#include "core/crypto.hpp"
#include "moderation/rules/near_duplicate.hpp"
#include "store/duplicate_grouper.hpp"
#include "test_database.hpp"
#include "text/search_key.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace baro;

namespace {

std::vector<std::string> lines(std::string const& name)
{
    std::ifstream in(std::string(BARO_SOURCE_DIR) + "/tests/data/bayelemabaga/" + name);
    std::vector<std::string> out;
    for(std::string line; std::getline(in, line);)
        if(line.size() > 60)
            out.push_back(line);
    return out;
}

std::vector<std::string> words(std::string const& s)
{
    std::istringstream in(s);
    std::vector<std::string> out;
    for(std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::string joined(std::vector<std::string> const& w)
{
    std::string out;
    for(auto const& x : w)
        out += (out.empty() ? "" : " ") + x;
    return out;
}

// The reference: the grouper as it was before issue 17's set-based rounds, one contribution at a time
// (three statements each), over the given contributions in id order.
void reference_group(std::vector<std::int64_t> const& ids)
{
    pqxx::connection conn(testing::database_url());
    pqxx::work tx(conn);
    std::string const similarity = std::to_string(moderation::near_duplicate_similarity);
    for(auto const id : ids)
    {
        auto const row = tx.exec_params1("select coalesce(consultation_id, 0), search_key from contribution c where id = $1"
                                         " and not exists (select 1 from contribution_group g where g.contribution_id = c.id)",
                                         id);
        auto const consultation = row[0].as<std::int64_t>();
        auto const key = row[1].as<std::string>();
        auto const bands = moderation::similarity_bands(key, consultation);
        std::string literal = "{";
        for(std::size_t i = 0; i < bands.size(); ++i)
            literal += (i ? "," : "") + std::to_string(bands[i]);
        literal += "}";
        std::int64_t group = id;
        if(! key.empty())
        {
            auto exact = tx.exec_params(
                "select g.group_id from contribution d join contribution_group g on g.contribution_id = d.id"
                " where d.search_key = $1 and d.consultation_id is not distinct from nullif($2::bigint, 0) and d.id <> $3"
                " order by g.group_id limit 1",
                key, consultation, id);
            if(exact.empty() && ! bands.empty())
                exact = tx.exec_params(
                    "select g.group_id from (select contribution_id, group_id from contribution_group"
                    "   where bands && $1::bigint[] order by contribution_id desc limit 50"
                    ") g join contribution d on d.id = g.contribution_id"
                    " where d.consultation_id is not distinct from nullif($2::bigint, 0) and similarity(d.search_key, $3) >= " +
                        similarity + " order by similarity(d.search_key, $3) desc, g.group_id limit 1",
                    literal, consultation, key);
            if(! exact.empty())
                group = exact[0][0].as<std::int64_t>();
        }
        tx.exec_params("insert into contribution_group (contribution_id, group_id, bands, channel, sender_hash, key_hash)"
                       " select $1, $2, $3::bigint[], channel, sender_hash(sender_key),"
                       " case when search_key <> '' then group_key_hash(consultation_id, search_key) end"
                       " from contribution where id = $1",
                       id, group, literal);
    }
    tx.commit();
}

std::string id_list(std::vector<std::int64_t> const& ids)
{
    std::string out;
    for(auto const id : ids)
        out += (out.empty() ? "" : ",") + std::to_string(id);
    return out;
}

std::map<std::int64_t, std::int64_t> groups_of(std::vector<std::int64_t> const& ids)
{
    pqxx::connection conn(testing::database_url());
    pqxx::read_transaction tx(conn);
    std::map<std::int64_t, std::int64_t> out;
    for(auto const& r :
        tx.exec("select contribution_id, group_id from contribution_group where contribution_id in (" + id_list(ids) + ")"))
        out[r[0].as<std::int64_t>()] = r[1].as<std::int64_t>();
    return out;
}

void ungroup(std::vector<std::int64_t> const& ids)
{
    testing::exec("delete from contribution_group where contribution_id in (" + id_list(ids) + ")");
}

// A band's most recent members are read backwards from the index of its position (sql/037), and a
// key's smallest group from the key index (sql/038), as the grouper runs the statements (bitmap scans
// off), never by a scan of contribution_group or of every copy of a text.
void check_band_lookups_use_their_index()
{
    pqxx::connection conn(testing::database_url());
    pqxx::work tx(conn);
    tx.exec("analyze contribution_group");
    tx.exec("set local enable_bitmapscan = off");
    std::string plan;
    for(auto const& row : tx.exec_params("explain " + store::grouper_candidates_sql(), "{1,2,3,4,5,6,7,8}",
                                         "{1,2,3,4,5,6,7,8}", 50))
        plan += row[0].as<std::string>() + "\n";
    INFO(plan);
    for(int position = 1; position <= moderation::near_duplicate_bands; ++position)
        CHECK(plan.find("Index Scan Backward using contribution_group_band" + std::to_string(position) + " ") !=
              std::string::npos);
    CHECK(plan.find("Index Scan using contribution_pkey on contribution") != std::string::npos);
    CHECK(plan.find("Seq Scan") == std::string::npos);
    CHECK(plan.find("Hash") == std::string::npos);
    CHECK(plan.find("Sort") == std::string::npos);

    // Rule 1: the key's group rows in group order from their index, each confirmed by a primary-key
    // probe until one matches; never every copy of the text.
    std::string exact;
    for(auto const& row : tx.exec_params("explain " + std::string(store::grouper_exact_sql()), "{1,2}", "{0,1}", "{oui,non}"))
        exact += row[0].as<std::string>() + "\n";
    INFO(exact);
    CHECK(exact.find("Index Scan using contribution_group_key on contribution_group") != std::string::npos);
    CHECK(exact.find("Index Scan using contribution_pkey on contribution") != std::string::npos);
    CHECK(exact.find("Sort") == std::string::npos);
    CHECK(exact.find("Seq Scan") == std::string::npos);
}

// Copy-paste campaigns over real sentences: some texts copied hundreds of times with a word or three
// changed (more than 50 band-sharing copies, so the candidate limit matters), exact copies, texts
// edited until they sit around the similarity threshold, texts without words, several consultations
// and the unrouted inbox. Returns the ids in insertion (= id) order.
std::vector<std::int64_t> campaign_corpus()
{
    auto const fr = lines("dev.fr");
    auto const bm = lines("dev.bam");
    REQUIRE(fr.size() > 100);
    REQUIRE(bm.size() > 100);
    std::vector<std::string> consultations = {std::to_string(testing::new_consultation()),
                                              std::to_string(testing::new_consultation()), "null"};
    std::mt19937 rng(20201);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::vector<std::string> bases;
    for(int i = 0; i < 6; ++i)
        bases.push_back(fr[pick(fr.size())]);
    for(int i = 0; i < 4; ++i)
        bases.push_back(bm[pick(bm.size())]);
    bases[9] += " ߒ ߓߊ߯ߙߊ ߞߍ߫";  // N'Ko (and œ below): letters whose similarity PostgreSQL computes, not baro
    bases.push_back(bases[0] + " " + bases[1]);  // shares much with two campaigns: candidates of two groups
    bases.push_back(bases[6] + " " + bases[0]);

    std::vector<std::string> values;
    pqxx::connection conn(testing::database_url());
    pqxx::work tx(conn);
    for(int i = 0; i < 900; ++i)
    {
        std::string text;
        auto const kind = pick(20);
        if(kind == 0)
            text = pick(2) ? "!!! ???" : "…";  // no words: an empty search key
        else if(kind <= 2)
            text = fr[pick(fr.size())];  // an unrelated sentence
        else
        {
            // Campaign 0 is the radio campaign: most messages, always into the first consultation.
            auto const base = pick(3) == 0 ? 0 : pick(bases.size());
            auto w = words(bases[base]);
            auto const edits = pick(4) == 0 ? 0 : pick(w.size() / 3 + 2);  // a quarter are exact copies
            for(std::size_t e = 0; e < edits && ! w.empty(); ++e)
            {
                auto const at = pick(w.size());
                switch(pick(4))
                {
                case 0: w.erase(w.begin() + static_cast<long>(at)); break;
                case 1: w[at] = words(fr[pick(fr.size())]).front(); break;
                case 2: w.insert(w.begin() + static_cast<long>(at), words(bm[pick(bm.size())]).back()); break;
                default: w.insert(w.begin() + static_cast<long>(at), std::vector<std::string>{"n°", "«", "sœur", "€"}[pick(4)]);
                }
            }
            if(pick(4) == 0)
                w.insert(w.begin(), pick(2) ? "Bonjour," : "I ni ce,");
            text = joined(w);
        }
        auto const consultation = consultations[i % 9 < 5 ? 0 : pick(consultations.size())];
        values.push_back(tx.exec_params1("insert into contribution (consultation_id, channel, external_id, display_text,"
                                         " search_key, language, status) values (" +
                                             consultation + ", 'sms', $1, $2, $3, 'fr', 'new') returning id",
                                         crypto::random_hex(8), text, text::search_key(text))[0]
                             .as<std::string>());
    }
    tx.commit();
    std::vector<std::int64_t> ids;
    for(auto const& v : values)
        ids.push_back(std::stoll(v));
    return ids;
}

struct shape
{
    std::size_t groups = 0, largest = 0, by_near = 0;
};

shape shape_of(std::map<std::int64_t, std::int64_t> const& groups, std::vector<std::int64_t> const& ids)
{
    std::map<std::int64_t, std::size_t> size;
    for(auto const& [id, g] : groups)
        ++size[g];
    shape s;
    s.groups = size.size();
    for(auto const& [g, n] : size)
        s.largest = std::max(s.largest, n);
    s.by_near = static_cast<std::size_t>(std::stoll(testing::scalar(
        "select count(*) from contribution_group g join contribution c on c.id = g.contribution_id"
        " join contribution f on f.id = g.group_id where g.group_id <> g.contribution_id and c.search_key <> f.search_key"
        " and g.contribution_id in (" +
        id_list(ids) + ")")));
    return s;
}

}  // namespace

TEST_CASE("the set-based grouper groups exactly as the row-by-row grouper did", "[db][duplicates]")
{
    testing::group_duplicates(500);  // whatever earlier tests left
    auto const ids = campaign_corpus();

    reference_group(ids);
    auto const expected = groups_of(ids);
    REQUIRE(expected.size() == ids.size());
    auto const s = shape_of(expected, ids);
    INFO("groups " << s.groups << ", largest " << s.largest << ", joined by near-duplicate " << s.by_near);
    CHECK(s.largest > 200);  // the radio campaign: more than 50 band-sharing copies
    CHECK(s.by_near > 300);  // most copies joined by similarity, not by an identical key
    CHECK(s.groups > 60);
    // Both ways of computing similarity meet here: baro's (keys of ASCII and separators such as ° and «)
    // and PostgreSQL's, for keys with a letter baro leaves to it (N'Ko, œ).
    CHECK(std::stoll(testing::scalar("select count(*) from contribution where id between " + std::to_string(ids.front()) +
                                     " and " + std::to_string(ids.back()) + " and search_key ~ '[ߐ-߿œ]'")) > 20);
    CHECK(std::stoll(testing::scalar("select count(*) from contribution where id between " + std::to_string(ids.front()) +
                                     " and " + std::to_string(ids.back()) + " and search_key ~ '[°«€]'")) > 50);
    check_band_lookups_use_their_index();

    SECTION("rounds of any size group as the reference did")
    {
        for(int const batch : {1, 7, 64, 1000})
        {
            INFO("rounds of " << batch);
            ungroup(ids);
            testing::group_duplicates(batch);
            CHECK(groups_of(ids) == expected);
        }
    }

    SECTION("with the first half grouped before, one round groups the rest as before")
    {
        ungroup(ids);
        reference_group(std::vector<std::int64_t>(ids.begin(), ids.begin() + 450));
        testing::group_duplicates(1000);
        CHECK(groups_of(ids) == expected);
    }

    SECTION("stragglers regrouped among later contributions (curation, reindex) join the same groups as before")
    {
        std::vector<std::int64_t> stragglers;
        for(std::size_t i = 0; i < ids.size(); i += 7)
            stragglers.push_back(ids[i]);
        ungroup(stragglers);
        reference_group(stragglers);
        auto const regrouped = groups_of(ids);
        ungroup(stragglers);
        testing::group_duplicates(64);
        CHECK(groups_of(ids) == regrouped);
    }

    SECTION("erased contributions take their bands with them")
    {
        testing::exec("delete from contribution where id in (" + id_list({ids[3], ids[4], ids[500]}) + ")");
        CHECK(testing::scalar("select count(*) from contribution_group where contribution_id in (" +
                              id_list({ids[3], ids[4], ids[500]}) + ")") == "0");
    }
}
