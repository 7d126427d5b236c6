#include "moderation/rules/group_assignment.hpp"

#include <algorithm>
#include <deque>
#include <unordered_set>

namespace baro::moderation {

namespace {

std::string key_of(round_contribution const& r) { return std::to_string(r.consultation) + '\n' + r.key; }

}  // namespace

group_assignment::group_assignment(std::vector<round_contribution> rows, std::vector<std::optional<std::int64_t>> outside_exact)
    : rows_(std::move(rows)),
      outside_exact_(std::move(outside_exact)),
      candidates_(rows_.size()),
      earlier_same_key_(rows_.size(), false),
      groups_(rows_.size(), 0)
{
    outside_exact_.resize(rows_.size());
    std::unordered_set<std::string> keys;
    for(std::size_t i = 0; i < rows_.size(); ++i)
        if(! rows_[i].key.empty())
            earlier_same_key_[i] = ! keys.insert(key_of(rows_[i])).second;
}

void group_assignment::set_outside_candidates(std::unordered_map<std::int64_t, std::vector<outside_candidate>> const& by_band)
{
    // For each band, its most recent contributions so far (at most 50, smallest id first): the outside
    // ones to begin with, then each round row as it comes (at the back: ids grow through the round).
    // In a copy-paste campaign a row's bands usually hold the same list, which is then taken as it is.
    std::unordered_map<std::int64_t, std::deque<candidate>> recent;
    auto const by_id = [](candidate const& a, candidate const& b) { return a.id < b.id; };
    for(auto const& [band, outside] : by_band)
    {
        auto& list = recent[band];
        for(auto const& o : outside)
            list.push_back({o.id, o.group, 0, o.consultation, false, std::nullopt, false});
        std::sort(list.begin(), list.end(), by_id);
        // A band value at two positions (a 64-bit collision) is looked up at both: each id once.
        list.erase(std::unique(list.begin(), list.end(), [](candidate const& a, candidate const& b) { return a.id == b.id; }),
                   list.end());
        while(list.size() > near_duplicate_candidates)
            list.pop_front();
    }
    std::vector<std::deque<candidate> const*> lists;
    std::vector<std::deque<candidate>::const_reverse_iterator> heads;
    std::vector<candidate> all;
    std::vector<std::int64_t> bands;
    for(std::size_t i = 0; i < rows_.size(); ++i)
    {
        auto const& row = rows_[i];
        bands = row.bands;
        std::sort(bands.begin(), bands.end());
        bands.erase(std::unique(bands.begin(), bands.end()), bands.end());
        if(needs_candidates(i))
        {
            lists.clear();
            for(auto const band : bands)
                if(auto const it = recent.find(band); it != recent.end() && ! it->second.empty())
                    lists.push_back(&it->second);
            // The lists' union, largest id first, each id once, the first 50: a merge from the lists'
            // backs (each is in ascending id order), not a sort of all of them (it was half the
            // grouper's own CPU in a copy-paste campaign, where a row's 8 lists are mostly the same).
            heads.clear();
            for(auto const* l : lists)
                heads.push_back(l->rbegin());
            all.clear();
            while(all.size() < near_duplicate_candidates)
            {
                candidate const* largest = nullptr;
                for(std::size_t k = 0; k < lists.size(); ++k)
                    if(heads[k] != lists[k]->rend() && (! largest || heads[k]->id > largest->id))
                        largest = &*heads[k];
                if(! largest)
                    break;
                all.push_back(*largest);
                auto const id = all.back().id;
                for(std::size_t k = 0; k < lists.size(); ++k)
                    if(heads[k] != lists[k]->rend() && heads[k]->id == id)
                        ++heads[k];
            }
            candidates_[i].reserve(all.size());
            for(auto const& c : all)
                if(c.consultation == row.consultation)
                    candidates_[i].push_back(c);
        }
        candidate const self{row.id, 0, i, row.consultation, true, std::nullopt, false};
        for(auto const band : bands)
        {
            auto& list = recent[band];
            if(list.empty() || list.back().id < self.id)
                list.push_back(self);
            else
                list.insert(std::upper_bound(list.begin(), list.end(), self, by_id), self);
            if(list.size() > near_duplicate_candidates)
                list.pop_front();
        }
    }
}

bool group_assignment::has_exact(std::size_t i) const
{
    return ! rows_[i].key.empty() && (outside_exact_[i] || earlier_same_key_[i]);
}

std::vector<similarity_request> group_assignment::advance()
{
    std::vector<similarity_request> need;
    if(! probed_)
    {
        probed_ = true;
        for(std::size_t i = next_; i < rows_.size(); ++i)
            if(! has_exact(i) && ! candidates_[i].empty() && ! candidates_[i].front().similarity)
                need.push_back({i, candidates_[i].front().id});
        if(! need.empty())
            return need;
    }
    for(; next_ < rows_.size(); ++next_)
    {
        auto const i = next_;
        auto const& row = rows_[i];
        std::int64_t group = row.id;
        if(has_exact(i))
        {
            group = outside_exact_[i].value_or(row.id);
            if(earlier_same_key_[i])
            {
                auto const earlier = smallest_group_by_key_.at(key_of(row));
                group = outside_exact_[i] ? std::min(group, earlier) : earlier;
            }
        }
        else if(! candidates_[i].empty())
        {
            auto const near = decide_near(i, need);
            if(! need.empty())
                return need;
            group = near.value_or(row.id);
        }
        groups_[i] = group;
        if(! row.key.empty())
        {
            auto const [it, inserted] = smallest_group_by_key_.emplace(key_of(row), group);
            if(! inserted)
                it->second = std::min(it->second, group);
        }
    }
    return need;
}

std::optional<std::int64_t> group_assignment::decide_near(std::size_t i, std::vector<similarity_request>& need)
{
    auto const& cands = candidates_[i];
    auto const first_group = group_of(cands.front());
    bool const one_group =
        std::all_of(cands.begin(), cands.end(), [&](candidate const& c) { return group_of(c) == first_group; });
    // One group: any candidate that passes decides, so the similarities not yet known are not needed.
    if(one_group && std::any_of(cands.begin(), cands.end(), [](candidate const& c) { return c.similarity && c.passes; }))
        return first_group;
    for(auto const& c : cands)
        if(! c.similarity)
            need.push_back({i, c.id});
    if(! need.empty())
        return std::nullopt;
    candidate const* best = nullptr;
    for(auto const& c : cands)
        if(c.passes &&
           (! best || *c.similarity > *best->similarity || (*c.similarity == *best->similarity && group_of(c) < group_of(*best))))
            best = &c;
    if(! best)
        return std::nullopt;
    return group_of(*best);
}

void group_assignment::set_similarity(similarity_request const& r, float similarity, bool passes)
{
    for(auto& c : candidates_.at(r.row))
        if(c.id == r.candidate)
        {
            c.similarity = similarity;
            c.passes = passes;
        }
}

}  // namespace baro::moderation
