#include "store/decision_rows.hpp"

#include "store/decisions.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace baro::store::detail {

std::string subject(std::int64_t id) { return "contribution:" + std::to_string(id); }

std::string text_array(std::vector<std::string> const& v)
{
    nlohmann::json j = v;
    return j.dump();
}

locked lock_row(pqxx::work& tx, std::int64_t id, std::int64_t me)
{
    auto const r =
        tx.exec_params("select c.status, coalesce(c.consultation_id, 0),"
                       "       case when c.claimed_by <> $2 and c.claimed_until > now() then m.email end,"
                       "       c.version, coalesce(c.claimed_by = $2 and c.claimed_until > now(), false)"
                       " from contribution c left join moderator m on m.id = c.claimed_by where c.id = $1 for update of c",
                       id, me);
    if(r.empty())
        return {};
    return {true,
            r[0][0].as<std::string>(),
            r[0][1].as<std::int64_t>(),
            r[0][2].is_null() ? "" : r[0][2].as<std::string>(),
            r[0][3].as<std::int64_t>(),
            r[0][4].as<bool>()};
}

// A single action acts on what its moderator read: the version it names, or, naming none, a row
// under the caller's own claim (no one else could change it meanwhile). The console's list moved
// under a moderator once and `p` published an item never opened (issue #16, item 4).
std::optional<error> read_problem(std::optional<std::int64_t> seen_version, locked const& row, std::string const& doing)
{
    if(seen_version)
    {
        if(*seen_version == row.version)
            return std::nullopt;
        return fail(errc::conflict,
                    "This contribution changed since you read it (version " + std::to_string(*seen_version) + ", now " +
                        std::to_string(row.version) + "): read it again before " + doing + ".",
                    stale_version_field);
    }
    if(row.claimed_by_me)
        return std::nullopt;
    return fail(errc::conflict, "Open this contribution (or send the version you read) before " + doing + ".",
                no_claim_field);
}

std::string undo_snapshot(pqxx::work& tx, std::int64_t id)
{
    return tx
        .exec_params("select jsonb_build_object('status', status, 'reject_reason', reject_reason, 'duplicate_of',"
                     " duplicate_of, 'published_at', published_at, 'decided_by', decided_by, 'decided_at', decided_at,"
                     " 'themes', themes, 'themes_confirmed', themes_confirmed, 'consultation_id', consultation_id,"
                     " 'suggested_themes', suggested_themes)::text from contribution where id = $1",
                     id)[0][0]
        .as<std::string>();
}

void remember_undo(pqxx::work& tx, std::int64_t id, moderator_info const& who, std::string const& action,
                   std::string const& before)
{
    auto const window = std::to_string(std::chrono::seconds(undo_window).count()) + " seconds";
    tx.exec_params("delete from decision_undo where at < now() - $1::interval", window);
    tx.exec_params("insert into decision_undo (contribution_id, moderator_id, action, version_after, before)"
                   " select $1, $2, $3, version, $4::jsonb from contribution where id = $1"
                   " on conflict (contribution_id) do update set moderator_id = excluded.moderator_id,"
                   " action = excluded.action, at = now(), version_after = excluded.version_after, before = excluded.before",
                   id, who.id, action, before);
}

}  // namespace baro::store::detail
