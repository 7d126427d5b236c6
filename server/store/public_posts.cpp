#include "store/public_posts.hpp"

#include "store/async.hpp"
#include "store/audit.hpp"
#include "store/publish_events.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace baro::store {

void edit_public_post(database& db, contribution_row row, std::function<void(result<post_edited>)> done)
{
    detail::run<post_edited>(
        db, "edit public post",
        [row = std::move(row)](pqxx::connection_base& conn) {
            pqxx::work tx(conn);
            post_edited out;
            auto const found = tx.exec_params("select id, status, consultation_id, raw is not distinct from $3"
                                              " from contribution where channel = $1 and external_id = $2 for update",
                                              row.channel, row.external_id, row.raw);
            if(found.empty())
                return out;
            out.found = true;
            if(found[0][3].as<bool>())
                return out;  // the same edit delivered again
            auto const id = found[0][0].as<std::int64_t>();
            out.changed = true;
            out.requeued = found[0][1].as<std::string>() == "published";
            nlohmann::json const arrays = {{"suggested", row.suggested_themes}, {"flags", row.flags}};
            tx.exec_params(
                "update contribution set raw = $2, display_text = $3, search_key = $4, language = $5, script = $6,"
                " suggested_themes = array(select jsonb_array_elements_text($7::jsonb -> 'suggested')),"
                " flags = array(select jsonb_array_elements_text($7::jsonb -> 'flags')),"
                " status = case when status = 'published' then 'new' else status end,"
                " published_at = case when status = 'published' then null else published_at end"
                " where id = $1",
                id, row.raw, row.display_text, row.search_key, row.language, row.script, arrays.dump());
            // Its group row described the text it had: the update queued it to be grouped again (sql/039).
            nlohmann::json detail = {{"channel", row.channel}, {"requeued", out.requeued}};
            if(! found[0][2].is_null())
            {
                detail["consultation_id"] = found[0][2].as<std::int64_t>();
                if(out.requeued)
                    notify_publish(tx, found[0][2].as<std::int64_t>(), id, false);
            }
            // The text itself stays out of the log, as with a moderator's edit.
            append_audit(tx, {"system", "source_edit", "contribution:" + std::to_string(id), detail});
            tx.commit();
            return out;
        },
        std::move(done));
}

void withdraw_public_post(database& db, std::string channel, std::string external_id,
                          std::function<void(result<erased_sender>)> done)
{
    detail::run<erased_sender>(
        db, "withdraw public post",
        [channel = std::move(channel), external_id = std::move(external_id)](pqxx::connection_base& conn) {
            pqxx::work tx(conn);
            // Recorded first, as erase_sender does: a second delivery of the same removal waits on the
            // unique index, then erases nothing.
            auto const recorded = tx.exec_params("insert into withdrawal (channel, external_id, erased) values ($1, $2, 0)"
                                                 " on conflict (channel, external_id) do nothing returning id",
                                                 channel, external_id);
            erased_sender out;
            if(recorded.empty())
            {
                out.replay = true;
                return out;
            }
            auto const gone = tx.exec_params("delete from contribution where channel = $1 and external_id = $2"
                                             " returning id, consultation_id, status, language",
                                             channel, external_id);
            for(auto const& r : gone)
            {
                out.language = r[3].as<std::string>();
                if(r[2].as<std::string>() == "published" && ! r[1].is_null())
                    notify_publish(tx, r[1].as<std::int64_t>(), r[0].as<std::int64_t>(), false);
            }
            out.rows = static_cast<std::int64_t>(gone.size());
            tx.exec_params("update withdrawal set erased = $2 where id = $1", recorded[0][0].as<std::int64_t>(),
                           static_cast<long long>(out.rows));
            tx.commit();
            return out;
        },
        std::move(done));
}

}  // namespace baro::store
