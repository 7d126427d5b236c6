#pragma once
// Which duplicate group each contribution of a grouper round joins (store/duplicate_grouper), decided
// for the whole round at once from what the database returned in a few set-based statements.
//
// The rule, one contribution after another in id order, each seeing the ones before it grouped:
//   1. exact: the smallest group id among grouped contributions of the same consultation with the same
//      (non-empty) search key;
//   2. else near: of the 50 grouped contributions with the largest ids that share a MinHash band
//      (moderation/rules/near_duplicate.hpp), those of the same consultation whose trigram similarity
//      to this one is at least near_duplicate_similarity; the most similar wins, ties to the smallest
//      group id;
//   3. else alone: its own id.
// The database answers 1 and 2 for the contributions grouped before the round (the "outside"); this
// class adds the round's own earlier contributions and asks only for the similarities that can change
// the answer: when every candidate is in the same group, the first candidate that passes decides.
// Similarities come from PostgreSQL (pg_trgm), never from a copy of its algorithm here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace baro::moderation {

/// How many band-sharing contributions, the most recent, a contribution is compared with.
constexpr std::size_t near_duplicate_candidates = 50;

struct round_contribution
{
    std::int64_t id = 0;
    std::int64_t consultation = 0;  ///< 0: the unrouted inbox
    std::string key;                ///< the search key
    std::vector<std::int64_t> bands;
};

/// A grouped contribution from before the round that shares a band with a round contribution.
struct outside_candidate
{
    std::int64_t id = 0;
    std::int64_t group = 0;
    std::int64_t consultation = 0;
};

/// A similarity the assignment needs: round contribution `row` (an index) against contribution `candidate`.
struct similarity_request
{
    std::size_t row = 0;
    std::int64_t candidate = 0;
};

class group_assignment
{
public:
    /// `rows` in ascending id order; for each, the exact answer among outside contributions (rule 1;
    /// none if the key is empty or nothing matched).
    group_assignment(std::vector<round_contribution> rows, std::vector<std::optional<std::int64_t>> outside_exact);

    /// Whether row `i` may need rule 2 (no exact answer, outside or earlier in the round; some bands):
    /// only these need their outside candidates looked up.
    bool needs_candidates(std::size_t i) const { return ! has_exact(i) && ! rows_[i].bands.empty(); }

    /// For each band of the rows that need candidates, the outside contributions that carry it: the
    /// near_duplicate_candidates largest ids (any consultation, any order). Call once, before advance().
    void set_outside_candidates(std::unordered_map<std::int64_t, std::vector<outside_candidate>> const& by_band);

    /// Decides as many rows as the similarities known so far allow. Returns the similarities needed to go
    /// on (empty once every row is decided). The first call asks, for every row that may need rule 2,
    /// its most recent candidate's similarity; later calls ask for what the next undecided row lacks.
    std::vector<similarity_request> advance();

    /// What PostgreSQL said: similarity(candidate key, row key), and whether it reaches the threshold.
    /// A candidate that vanished (erased meanwhile) is reported with passes = false.
    void set_similarity(similarity_request const& r, float similarity, bool passes);

    bool done() const { return next_ == rows_.size(); }
    std::vector<std::int64_t> const& groups() const { return groups_; }  ///< valid once done()
    std::vector<round_contribution> const& rows() const { return rows_; }

private:
    struct candidate
    {
        std::int64_t id = 0;
        std::int64_t group = 0;  // outside candidates
        std::size_t row = 0;     // round candidates: their index
        std::int64_t consultation = 0;
        bool in_round = false;
        std::optional<float> similarity;
        bool passes = false;
    };

    bool has_exact(std::size_t i) const;
    std::int64_t group_of(candidate const& c) const { return c.in_round ? groups_[c.row] : c.group; }
    std::optional<std::int64_t> decide_near(std::size_t i, std::vector<similarity_request>& need);

    std::vector<round_contribution> rows_;
    std::vector<std::optional<std::int64_t>> outside_exact_;
    std::vector<std::vector<candidate>> candidates_;  // per row: same consultation, largest ids first
    std::vector<bool> earlier_same_key_;              // an earlier round row has the same consultation and key
    std::unordered_map<std::string, std::int64_t> smallest_group_by_key_;  // consultation + key -> group, rows so far
    std::vector<std::int64_t> groups_;
    std::size_t next_ = 0;
    bool probed_ = false;
};

}  // namespace baro::moderation
