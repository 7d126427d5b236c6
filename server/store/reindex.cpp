#include "store/reindex.hpp"

#include "core/json_text.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace baro::store {

namespace {

// Flags the text pipeline owns; any other flag on a row belongs to moderation and stays. A row whose
// search key changes leaves its duplicate group, queued to be grouped again (trigger, sql/039).
constexpr char const* update_sql =
    "update contribution c set display_text = r.display_text, search_key = r.search_key,"
    " language = r.language, script = r.script, suggested_themes = r.suggested_themes,"
    " flags = array(select f from unnest(c.flags) f where f not in ('cp1252', 'truncated', 'mixed_script'))"
    "         || r.flags"
    " from json_to_recordset($1::json) as r(id bigint, display_text text, search_key text, language text,"
    "      script text, suggested_themes text[], flags text[])"
    " where c.id = r.id";

}  // namespace

result<std::int64_t> reindex(std::string const& url, std::optional<std::int64_t> consultation_id, recompute_fn const& recompute,
                             progress_fn const& progress, int batch)
{
    std::int64_t done = 0;
    auto const s = guarded("reindex", [&] {
        auto conn = connect(url);
        std::string const scope = consultation_id ? " and consultation_id = " + std::to_string(*consultation_id) : "";
        std::int64_t const total =
            pqxx::nontransaction(*conn).exec("select count(*) from contribution where true" + scope)[0][0].as<std::int64_t>();
        if(progress)
            progress(0, total);
        std::int64_t last_id = 0;
        for(;;)
        {
            pqxx::work tx(*conn);
            auto const rows = tx.exec_params("select id, consultation_id, raw from contribution where id > $1" + scope +
                                                 " order by id limit $2",
                                             last_id, batch);
            if(rows.empty())
                break;
            nlohmann::json updates = nlohmann::json::array();
            for(auto const& r : rows)
            {
                contribution_row row;
                std::optional<std::int64_t> cid;
                if(! r[1].is_null())
                    cid = r[1].as<std::int64_t>();
                recompute(cid, r[2].as<std::string>(), row);
                last_id = r[0].as<std::int64_t>();
                updates.push_back({{"id", last_id},
                                   {"display_text", row.display_text},
                                   {"search_key", row.search_key},
                                   {"language", row.language},
                                   {"script", row.script},
                                   {"suggested_themes", row.suggested_themes},
                                   {"flags", row.flags}});
            }
            auto const payload = dump_json(updates);
            tx.exec_params(update_sql, payload);
            tx.commit();
            done += static_cast<std::int64_t>(rows.size());
            if(progress)
                progress(done, total);
        }
    });
    if(! s)
        return s.err();
    return done;
}

}  // namespace baro::store
