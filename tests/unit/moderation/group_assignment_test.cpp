#include "moderation/rules/group_assignment.hpp"
#include "moderation/rules/near_duplicate.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace baro::moderation;

namespace {

round_contribution row(std::int64_t id, std::string key, std::vector<std::int64_t> bands, std::int64_t consultation = 7)
{
    return {id, consultation, std::move(key), std::move(bands)};
}

// Answers every request from a table of similarities (candidate id -> similarity against any row),
// counting the requests; passes at 0.6 as in PostgreSQL.
struct oracle
{
    std::map<std::pair<std::size_t, std::int64_t>, float> similarity;
    std::size_t asked = 0;
    std::size_t rounds = 0;
    std::set<std::pair<std::size_t, std::int64_t>> pairs;

    std::vector<std::int64_t> run(group_assignment& a)
    {
        for(auto need = a.advance(); ! need.empty(); need = a.advance())
        {
            ++rounds;
            for(auto const& r : need)
            {
                ++asked;
                CHECK(pairs.insert({r.row, r.candidate}).second);  // never asked twice
                auto const it = similarity.find({r.row, r.candidate});
                auto const s = it == similarity.end() ? 0.0F : it->second;
                a.set_similarity(r, s, static_cast<double>(s) >= near_duplicate_similarity);
            }
        }
        REQUIRE(a.done());
        return a.groups();
    }
};

}  // namespace

TEST_CASE("rule 1: the smallest group with the same key, outside the round or earlier in it", "[moderation][duplicates]")
{
    group_assignment a({row(100, "la paix", {1}), row(101, "la paix", {1}), row(102, "la paix", {1}, 8), row(103, "", {})},
                       {std::int64_t{40}, std::int64_t{55}, std::nullopt, std::nullopt});
    a.set_outside_candidates({});
    oracle o;
    // 101: outside says 55, but 100 (earlier in the round, same key) joined 40: the smaller wins.
    // 102: another consultation, nothing matches: alone. 103: no words: alone.
    CHECK(o.run(a) == std::vector<std::int64_t>{40, 40, 102, 103});
    CHECK(o.asked == 0);
}

TEST_CASE("rule 1 inside the round alone: later copies join the first", "[moderation][duplicates]")
{
    group_assignment a({row(10, "oui", {5}), row(11, "non", {6}), row(12, "oui", {5}), row(13, "oui", {5}, 0)}, {});
    REQUIRE(! a.needs_candidates(2));
    REQUIRE(a.needs_candidates(0));
    a.set_outside_candidates({});
    oracle o;
    o.similarity[{2, 10}] = 1.0F;  // never asked: 12 has an exact match
    CHECK(o.run(a) == std::vector<std::int64_t>{10, 11, 10, 13});
    CHECK(o.asked == 0);
}

TEST_CASE("rule 2 with one group among the candidates: the first that passes decides", "[moderation][duplicates]")
{
    std::vector<outside_candidate> campaign;
    for(std::int64_t id = 90; id >= 60; --id)
        campaign.push_back({id, 50, 7});
    group_assignment a({row(100, "copie a", {1, 2}), row(101, "copie b", {3})}, {});
    a.set_outside_candidates({{1, campaign}, {2, campaign}, {3, campaign}});
    oracle o;
    o.similarity[{0, 90}] = 0.9F;
    o.similarity[{1, 90}] = 0.3F;  // the most recent is not similar enough: the others are asked
    o.similarity[{1, 61}] = 0.7F;
    CHECK(o.run(a) == std::vector<std::int64_t>{50, 50});
    CHECK(o.asked == 2 + 30);  // one probe each, then 101's other 30 candidates
    CHECK(o.rounds == 2);
}

TEST_CASE("rule 2 across groups: the most similar wins, ties to the smaller group", "[moderation][duplicates]")
{
    group_assignment a({row(100, "x", {1}), row(101, "y", {1}), row(102, "z", {1})}, {});
    std::vector<outside_candidate> two = {{80, 30, 7}, {70, 20, 7}, {60, 60, 7}};
    a.set_outside_candidates({{1, two}});
    oracle o;
    o.similarity[{0, 80}] = 0.7F;
    o.similarity[{0, 70}] = 0.8F;
    o.similarity[{0, 60}] = 0.95F;
    o.similarity[{1, 80}] = 0.8F;
    o.similarity[{1, 70}] = 0.8F;
    // 102: its candidates are 80, 70, 60 and, earlier in the round, 100 (group 60) and 101 (group 20),
    // none similar enough but 101 and 60, equally: group 20 and group 60 tie, 20 wins.
    o.similarity[{2, 101}] = 0.65F;
    o.similarity[{2, 60}] = 0.65F;
    CHECK(o.run(a) == std::vector<std::int64_t>{60, 20, 20});
}

TEST_CASE("rule 2 compares with the 50 most recent band-sharing contributions, before the consultation filter",
          "[moderation][duplicates]")
{
    std::vector<outside_candidate> c;
    for(std::int64_t id = 200; id > 150; --id)
        c.push_back({id, id, 9});  // fifty of another consultation (a band collision), more recent
    group_assignment a({row(300, "texte", {1})}, {});
    a.set_outside_candidates({{1, c}});
    oracle o;
    CHECK(o.run(a) == std::vector<std::int64_t>{300});
    CHECK(o.asked == 0);

    // Earlier contributions of the round count among the 50 most recent too, and push older ones out.
    std::vector<round_contribution> rows;
    for(std::int64_t id = 1000; id < 1050; ++id)
        rows.push_back(row(id, "variante " + std::to_string(id), {4}, 7));
    rows.push_back(row(1050, "la derniere", {4}, 7));
    group_assignment b(rows, {});
    b.set_outside_candidates({{4, {{500, 400, 7}}}});  // similar to the last, but its 51st most recent
    oracle p;
    p.similarity[{50, 500}] = 1.0F;
    auto const groups = p.run(b);
    CHECK(groups.back() == 1050);
    CHECK(p.pairs.count({50, 1049}) == 1);
    CHECK(p.pairs.count({50, 1000}) == 1);
    CHECK(p.pairs.count({50, 500}) == 0);
}

TEST_CASE("a candidate erased meanwhile is not similar", "[moderation][duplicates]")
{
    group_assignment a({row(100, "x", {1})}, {});
    a.set_outside_candidates({{1, {{80, 30, 7}}}});
    auto const need = a.advance();
    REQUIRE(need.size() == 1);
    a.set_similarity(need[0], 0.0F, false);
    CHECK(a.advance().empty());
    CHECK(a.groups() == std::vector<std::int64_t>{100});
}
