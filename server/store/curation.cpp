#include "store/curation.hpp"

#include "store/async.hpp"
#include "store/audit.hpp"
#include "store/decision_rows.hpp"
#include "store/decisions.hpp"
#include "store/publish_events.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

using detail::subject;

// Every column an undo_snapshot holds, put back. A moderator who decided before and was removed
// since leaves decided_by empty rather than failing the undo.
constexpr char const* restore_sql =
    "update contribution c set status = b.status, reject_reason = b.reject_reason, duplicate_of = b.duplicate_of,"
    " published_at = b.published_at, decided_by = (select m.id from moderator m where m.id = b.decided_by),"
    " decided_at = b.decided_at, themes = b.themes, themes_confirmed = b.themes_confirmed,"
    " consultation_id = b.consultation_id, suggested_themes = b.suggested_themes"
    " from jsonb_populate_record(null::contribution, $2::jsonb) b where c.id = $1"
    " returning c.status, coalesce(c.consultation_id, 0), c.version";

struct pending_undo
{
    std::string action, before;
    std::int64_t version_after = 0;
    bool mine = false, in_time = false;
};

std::optional<pending_undo> pending(pqxx::work& tx, std::int64_t id, std::int64_t me)
{
    auto const r = tx.exec_params("select action, before::text, version_after, moderator_id = $2,"
                                  " at > now() - $3::interval from decision_undo where contribution_id = $1",
                                  id, me, std::to_string(std::chrono::seconds(undo_window).count()) + " seconds");
    if(r.empty())
        return std::nullopt;
    return pending_undo{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::int64_t>(),
                        r[0][3].as<bool>(), r[0][4].as<bool>()};
}

std::optional<error> undo_problem(undo_request const& req, detail::locked const& row, std::optional<pending_undo> const& u)
{
    if(! row.claimed_by_other.empty())
        return fail(errc::conflict, row.claimed_by_other + " is working on this contribution.", no_claim_field);
    if(! u || ! u->in_time)
        return fail(errc::conflict,
                    "There is no decision on this contribution to undo (an undo is possible for " +
                        std::to_string(std::chrono::minutes(undo_window).count()) + " minutes).",
                    "undo");
    if(! u->mine)
        return fail(errc::conflict, "Only the moderator who took the last decision can undo it.", "undo");
    if(req.seen_version && *req.seen_version != row.version)
        return detail::read_problem(req.seen_version, row, "undoing");
    if(row.version != u->version_after)
        return fail(errc::conflict, "This contribution changed since that decision: it cannot be undone.",
                    stale_version_field);
    return std::nullopt;
}

// What the public sees moves with the undo: a row leaving or entering publication, or a published
// row's themes, reaches every node's caches and open streams like a publish.
void announce(pqxx::work& tx, std::int64_t id, detail::locked const& was, std::string const& status, std::int64_t consultation)
{
    if(was.status == "published" && was.consultation_id)
        notify_publish(tx, was.consultation_id, id, status == "published" && consultation == was.consultation_id);
    if(status == "published" && consultation && (consultation != was.consultation_id || was.status != "published"))
        notify_publish(tx, consultation, id, true);
}

}  // namespace

void undo(database& db, undo_request req, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "undo",
        [req = std::move(req)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            auto const row = detail::lock_row(tx, req.id, req.who.id);
            if(! row.found)
                return fail(errc::not_found, "No contribution " + std::to_string(req.id) + ".");
            auto const u = pending(tx, req.id, req.who.id);
            if(auto problem = undo_problem(req, row, u))
                return *problem;
            auto const back = tx.exec_params(restore_sql, req.id, u->before);
            auto const status = back[0][0].as<std::string>();
            auto const consultation = back[0][1].as<std::int64_t>();
            tx.exec_params("delete from decision_undo where contribution_id = $1", req.id);
            nlohmann::json detail{{"undone", u->action}, {"from", row.status}, {"to", status}};
            if(consultation || row.consultation_id)
                detail["consultation_id"] = consultation ? consultation : row.consultation_id;
            announce(tx, req.id, row, status, consultation);
            append_audit(tx, {req.who.email, "undo", subject(req.id), detail});
            tx.commit();
            return nlohmann::json{
                {"id", req.id}, {"status", status}, {"undone", u->action}, {"version", back[0][2].as<std::int64_t>()}};
        },
        std::move(done));
}

void assign(database& db, assign_request req, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "assign",
        [req = std::move(req)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            nlohmann::json changed = nlohmann::json::array(), refused = nlohmann::json::array();
            for(auto const id : req.ids)
            {
                auto const row = detail::lock_row(tx, id, req.who.id);
                std::optional<error> problem;
                if(! row.found)
                    problem = fail(errc::not_found, "No contribution " + std::to_string(id) + ".");
                else if(! row.claimed_by_other.empty())
                    problem = fail(errc::conflict, row.claimed_by_other + " is working on this contribution.");
                else if(row.consultation_id)
                    problem = fail(errc::conflict, "This contribution is already in a consultation.", "consultation");
                else if(req.seen_version)
                    problem = detail::read_problem(req.seen_version, row, "assigning it");
                if(problem)
                {
                    if(req.ids.size() == 1)
                        return *problem;
                    refused.push_back({{"id", id}, {"reason", problem->message}});
                    continue;
                }
                auto const before = detail::undo_snapshot(tx, id);
                auto const raw = tx.exec_params("select coalesce(raw, display_text) from contribution where id = $1", id);
                auto const themes = req.suggest(raw[0][0].as<std::string>());
                tx.exec_params("update contribution set consultation_id = $2, themes = '{}', themes_confirmed = false,"
                               " suggested_themes = array(select jsonb_array_elements_text($3::jsonb)) where id = $1",
                               id, req.consultation_id, detail::text_array(themes));
                // Duplicate groups are per consultation: the update queued it to be grouped again (sql/039).
                detail::remember_undo(tx, id, req.who, "assign", before);
                if(row.status == "published")
                    notify_publish(tx, req.consultation_id, id, true);
                append_audit(tx, {req.who.email,
                                  "assign",
                                  subject(id),
                                  {{"consultation_id", req.consultation_id},
                                   {"consultation", req.consultation_slug},
                                   {"suggested_themes", themes}}});
                changed.push_back({{"id", id}, {"status", row.status}});
            }
            if(req.ids.size() > 1)
                append_audit(tx, {req.who.email,
                                  "bulk_assign",
                                  "",
                                  {{"consultation_id", req.consultation_id},
                                   {"requested", req.ids.size()},
                                   {"changed", changed.size()},
                                   {"refused", refused.size()}}});
            tx.commit();
            return nlohmann::json{{"changed", std::move(changed)}, {"refused", std::move(refused)}};
        },
        std::move(done));
}

}  // namespace baro::store
