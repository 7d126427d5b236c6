#include "store/search.hpp"

#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {
// The indexed copy of the search key (sql/029): a contribution is found once the indexer has seen it.
constexpr char const* search_sql =
    "select c.id, c.display_text,"
    "  greatest(case when s.search_key like $4 then 1.0 else 0 end, strict_word_similarity($2, s.search_key)) as score"
    " from contribution_search s join contribution c on c.id = s.contribution_id"
    " where ($1::bigint is null or c.consultation_id = $1::bigint)"
    "   and (s.search_key like $4 or $2 <<% s.search_key)"
    " order by score desc, c.id desc limit $3";
}  // namespace

std::string like_pattern(std::string_view key)
{
    std::string out = "%";
    bool gap = false;
    for(char c : key)
    {
        if(c == ' ')
        {
            gap = true;
            continue;
        }
        if(gap && out.back() != '%')
            out += '%';
        gap = false;
        if(c == '%' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    if(out.back() != '%')
        out += '%';
    return out;
}

result<std::vector<search_hit>> search_contributions(std::string const& url, search_query const& q)
{
    std::vector<search_hit> hits;
    if(q.key.empty())
        return hits;
    auto const s = guarded("search", [&] {
        auto conn = connect(url);
        pqxx::read_transaction tx(*conn);
        std::optional<std::int64_t> const cid = q.consultation_id;
        auto const pattern = like_pattern(q.key);
        auto const rows = cid ? tx.exec_params(search_sql, *cid, q.key, q.limit, pattern)
                              : tx.exec_params(search_sql, nullptr, q.key, q.limit, pattern);
        for(auto const& r : rows)
            hits.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<double>()});
    });
    if(! s)
        return s.err();
    return hits;
}

}  // namespace baro::store
