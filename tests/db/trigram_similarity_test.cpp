// baro's trigram similarity (moderation/rules/trigram_similarity) gives PostgreSQL pg_trgm's result,
// bit for bit, on the search keys of real French and Bambara sentences (tests/data/bayelemabaga):
// unrelated pairs, and the same sentence edited word by word, which puts many pairs around the
// grouper's threshold. The grouper decides with these values instead of asking PostgreSQL.
#include "moderation/rules/near_duplicate.hpp"
#include "moderation/rules/trigram_similarity.hpp"
#include "store/array_literal.hpp"
#include "test_database.hpp"
#include "text/search_key.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <fstream>
#include <unordered_set>
#include <random>
#include <sstream>

using namespace baro;

namespace {

// The search keys of a file's lines; one in four with a number as citizens write it, "n° 12", and
// one in eight in French quotes with a price: characters pg_trgm skips though they are not ASCII; one
// in sixteen with a word in N'Ko or with œ, letters whose trigrams baro leaves to PostgreSQL.
std::vector<std::string> keys_of(std::string const& name)
{
    std::ifstream in(std::string(BARO_SOURCE_DIR) + "/tests/data/bayelemabaga/" + name);
    std::vector<std::string> out;
    for(std::string line; std::getline(in, line);)
    {
        auto const n = out.size();
        if(n % 4 == 1)
            line += " (n° " + std::to_string(n) + ")";
        if(n % 8 == 3)
            line = "« " + line + " » 500 €";
        if(n % 16 == 5)
            line += n % 32 == 5 ? " ma sœur" : " ߒߞߏ";  // letters: left to PostgreSQL
        out.push_back(text::search_key(line));
    }
    return out;
}

// `key` with `edits` words dropped or swapped for a word of `other`.
std::string edited(std::string const& key, std::string const& other, std::size_t edits, std::mt19937& rng)
{
    std::vector<std::string> w, o;
    std::istringstream a(key), b(other);
    for(std::string x; a >> x;)
        w.push_back(x);
    for(std::string x; b >> x;)
        o.push_back(x);
    for(std::size_t e = 0; e < edits && ! w.empty(); ++e)
    {
        auto const at = std::uniform_int_distribution<std::size_t>(0, w.size() - 1)(rng);
        if(rng() % 2 || o.empty())
            w.erase(w.begin() + static_cast<long>(at));
        else
            w[at] = o[rng() % o.size()];
    }
    std::string out;
    for(auto const& x : w)
        out += (out.empty() ? "" : " ") + x;
    return out;
}

}  // namespace

TEST_CASE("trigram similarity in baro is pg_trgm's on real sentences", "[db][duplicates][trigram]")
{
    auto keys = keys_of("dev.fr");
    auto const bm = keys_of("dev.bam");
    keys.insert(keys.end(), bm.begin(), bm.end());

    std::mt19937 rng(2021);
    std::vector<std::pair<std::string, std::string>> pairs;
    for(std::size_t i = 0; i + 1 < keys.size(); i += 3)
    {
        pairs.emplace_back(keys[i], keys[i + 1]);                                       // unrelated
        pairs.emplace_back(keys[i], edited(keys[i], keys[i + 1], 1 + rng() % 6, rng));  // near copies
    }

    pqxx::connection conn(testing::database_url());
    pqxx::work tx(conn);

    // The separators, as the grouper learns them (store/duplicate_grouper.cpp).
    std::unordered_set<char32_t> seen, separators;
    for(auto const& [a, b] : pairs)
    {
        moderation::add_non_ascii(a, seen);
        moderation::add_non_ascii(b, seen);
    }
    store::array_literal code_points;
    for(auto const cp : seen)
        code_points.number(static_cast<std::int64_t>(cp));
    for(auto const& r :
        tx.exec_params("select cp from unnest($1::int[]) as c(cp) where show_trgm(chr(cp)) = '{}'", code_points.str()))
        separators.insert(static_cast<char32_t>(r[0].as<std::int64_t>()));
    CHECK(separators.count(U'°') == 1);
    CHECK(separators.count(U'«') == 1);
    CHECK(separators.count(U'€') == 1);
    CHECK(separators.count(U'œ') == 0);  // a letter (this cluster's locale is C.UTF-8)

    store::array_literal left, right;
    std::vector<std::pair<moderation::trigram_set, moderation::trigram_set>> sets;
    std::size_t left_to_postgres = 0, with_separators = 0;  // œ, N'Ko... (ɛ, ɔ, ɲ, ŋ fold to ASCII in a key)
    for(auto const& [a, b] : pairs)
    {
        auto sa = moderation::trigrams(a, separators);
        auto sb = moderation::trigrams(b, separators);
        if(! sa || ! sb)
        {
            ++left_to_postgres;
            continue;
        }
        if(! moderation::ascii_trigrams(a) || ! moderation::ascii_trigrams(b))
            ++with_separators;
        left.text(a);
        right.text(b);
        sets.emplace_back(std::move(*sa), std::move(*sb));
    }
    INFO(sets.size() << " pairs computed here (" << with_separators << " with non-ASCII separators), " << left_to_postgres
                     << " left to PostgreSQL");
    CHECK(sets.size() > 5000);  // the grouper rarely asks PostgreSQL
    CHECK(with_separators > 1000);
    CHECK(left_to_postgres > 50);
    auto const theirs = tx.exec_params(
        "select similarity(a, b), similarity(a, b) >= $3::float8 from unnest($1::text[], $2::text[]) with ordinality as p(a, b, n)"
        " order by n",
        left.str(), right.str(), moderation::near_duplicate_similarity);
    REQUIRE(theirs.size() == sets.size());
    std::size_t near_threshold = 0, differ = 0;
    for(std::size_t i = 0; i < sets.size(); ++i)
    {
        float const ours = moderation::trigram_similarity(sets[i].first, sets[i].second);
        float const pg = theirs[i][0].as<float>();
        bool const passes = double{ours} >= moderation::near_duplicate_similarity;
        if(ours != pg || passes != theirs[i][1].as<bool>())
        {
            ++differ;
            UNSCOPED_INFO("pair " << i << ": baro " << ours << ", pg_trgm " << pg);
        }
        if(pg > 0.5F && pg < 0.7F)
            ++near_threshold;
    }
    CHECK(differ == 0);
    CHECK(near_threshold > 200);
}
