#include "store/decisions.hpp"

#include "store/async.hpp"
#include "store/audit.hpp"
#include "store/decision_rows.hpp"
#include "store/publish_events.hpp"

#include <pqxx/pqxx>

#include <algorithm>

namespace baro::store {

namespace {

using detail::lock_row;
using detail::remember_undo;
using detail::subject;
using detail::text_array;
using detail::undo_snapshot;

// The other members of `original`'s duplicate group still waiting (`new`, unclaimed by others)
// become duplicates of it, each audited like a single `duplicate` decision.
void mark_group_duplicates(pqxx::work& tx, moderator_info const& who, std::int64_t original, std::int64_t consultation_id,
                           nlohmann::json& changed, nlohmann::json& refused)
{
    auto const members =
        tx.exec_params("select d.id, d.claimed_by <> $2 and d.claimed_until > now() as busy"
                       " from contribution_group g join contribution_group g2 on g2.group_id = g.group_id"
                       " join contribution d on d.id = g2.contribution_id"
                       " where g.contribution_id = $1 and d.id <> $1 and d.status = 'new' order by d.id for update of d",
                       original, who.id);
    for(auto const& m : members)
    {
        auto const id = m[0].as<std::int64_t>();
        if(m[1].as<bool>(false))
        {
            refused.push_back({{"id", id}, {"reason", "Another moderator is working on this contribution."}});
            continue;
        }
        auto const before = undo_snapshot(tx, id);
        tx.exec_params("update contribution set status = 'duplicate', duplicate_of = $2, decided_by = $3, decided_at = now(),"
                       " claimed_by = null, claimed_until = null where id = $1",
                       id, original, who.id);
        remember_undo(tx, id, who, "duplicate", before);
        nlohmann::json detail{{"from", "new"}, {"to", "duplicate"}, {"duplicate_of", original}, {"with_group", true}};
        if(consultation_id)
            detail["consultation_id"] = consultation_id;
        append_audit(tx, {who.email, "duplicate", subject(id), detail});
        changed.push_back({{"id", id}, {"status", "duplicate"}});
    }
}

// Why an edit cannot apply to `row`: a single edit names the version it read (when it does), and
// themes are those of the contribution's consultation.
std::optional<error> edit_problem(pqxx::work& tx, edit_request const& req, detail::locked const& row)
{
    if(req.seen_version)
        if(auto problem = detail::read_problem(req.seen_version, row, "editing it"))
            return problem;
    if(! req.themes || req.themes->empty())
        return std::nullopt;
    if(! row.consultation_id)
        return fail(errc::unprocessable, "Assign this contribution to a consultation before choosing its themes.", "themes");
    auto const unknown = tx.exec_params("select string_agg(t, ', ') from jsonb_array_elements_text($2::jsonb) t"
                                        " where t not in (select slug from theme where consultation_id = $1)",
                                        row.consultation_id, text_array(*req.themes));
    if(! unknown[0][0].is_null())
        return fail(errc::unprocessable, "Not a theme of this consultation: " + unknown[0][0].as<std::string>() + ".",
                    "themes");
    return std::nullopt;
}

// Whether an edit touches a field public outputs show (publish_read.cpp reads only the `featured`
// tag among the tags).
bool changes_public(edit_request const& req)
{
    auto const featured = [](std::vector<std::string> const& tags) {
        return std::find(tags.begin(), tags.end(), "featured") != tags.end();
    };
    return req.themes || req.edited_text || req.featured || featured(req.add_tags) || featured(req.remove_tags);
}

}  // namespace

void decide(database& db, decision_request req, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "decide",
        [req = std::move(req)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            nlohmann::json changed = nlohmann::json::array(), refused = nlohmann::json::array();
            std::optional<error> single_error;
            for(auto const id : req.ids)
            {
                auto const row = lock_row(tx, id, req.who.id);
                std::optional<error> problem;
                if(! row.found)
                    problem = fail(errc::not_found, "No contribution " + std::to_string(id) + ".");
                else if(! row.claimed_by_other.empty())
                    problem = fail(errc::conflict, row.claimed_by_other + " is working on this contribution.");
                result<std::string> next =
                    row.found ? moderation::next_status(row.status, req.d) : result<std::string>(fail(errc::not_found, ""));
                if(! problem && ! next)
                    problem = next.err();
                if(! problem && req.check == read_check::version_or_claim)
                    problem = detail::read_problem(req.seen_version, row, "deciding on it");
                if(! problem && req.d.action == "duplicate")
                {
                    auto const orig =
                        tx.exec_params("select 1 from contribution where id = $1 and id <> $2", req.d.duplicate_of, id);
                    if(orig.empty())
                        problem = fail(errc::unprocessable, "The original contribution does not exist.", "duplicate_of");
                }
                if(problem)
                {
                    refused.push_back({{"id", id}, {"reason", problem->message}});
                    single_error = problem;
                    continue;
                }
                auto const before = undo_snapshot(tx, id);
                tx.exec_params("update contribution set status = $2, decided_by = $3, decided_at = now(),"
                               " reject_reason = case when $2 = 'rejected' then $4 else null end,"
                               " duplicate_of = case when $2 = 'duplicate' then $5::bigint else null end,"
                               " published_at = case when $2 = 'published' then now() else published_at end,"
                               " claimed_by = null, claimed_until = null where id = $1",
                               id, *next, req.who.id, req.d.reason, req.d.duplicate_of);
                remember_undo(tx, id, req.who, req.d.action, before);
                nlohmann::json detail{{"from", row.status}, {"to", *next}};
                if(! req.d.reason.empty() && *next == "rejected")
                    detail["reason"] = req.d.reason;
                if(*next == "duplicate")
                    detail["duplicate_of"] = req.d.duplicate_of;
                if(row.consultation_id)
                    detail["consultation_id"] = row.consultation_id;
                append_audit(tx, {req.who.email, req.d.action, subject(id), detail});
                if(row.consultation_id && (*next == "published" || row.status == "published"))
                    notify_publish(tx, row.consultation_id, id, *next == "published");
                changed.push_back({{"id", id}, {"status", *next}});
                if(req.whole_group && req.ids.size() == 1 && *next == "published")
                    mark_group_duplicates(tx, req.who, id, row.consultation_id, changed, refused);
            }
            if(req.ids.size() == 1 && single_error)
                return *single_error;
            if(req.ids.size() > 1)
                append_audit(tx, {req.who.email,
                                  "bulk_" + req.d.action,
                                  "",
                                  {{"requested", req.ids.size()}, {"changed", changed.size()}, {"refused", refused.size()}}});
            tx.commit();
            return nlohmann::json{{"changed", std::move(changed)}, {"refused", std::move(refused)}};
        },
        std::move(done));
}

void edit(database& db, edit_request req, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "edit",
        [req = std::move(req)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            nlohmann::json changed = nlohmann::json::array(), refused = nlohmann::json::array();
            for(auto const id : req.ids)
            {
                auto const row = lock_row(tx, id, req.who.id);
                if(! row.found || ! row.claimed_by_other.empty())
                {
                    if(req.ids.size() == 1)
                        return row.found ? fail(errc::conflict, row.claimed_by_other + " is working on this contribution.")
                                         : fail(errc::not_found, "No contribution " + std::to_string(id) + ".");
                    refused.push_back({{"id", id}, {"reason", row.found ? "claimed" : "not found"}});
                    continue;
                }
                if(auto const problem = edit_problem(tx, req, row))
                {
                    if(req.ids.size() == 1)
                        return *problem;
                    refused.push_back({{"id", id}, {"reason", problem->message}});
                    continue;
                }
                nlohmann::json detail = nlohmann::json::object();
                if(req.themes)
                {
                    // Confirmed, even when empty ("none of these"): public counts follow the moderator's
                    // themes from now on (sql/017). Undoable like a decision.
                    auto const before = undo_snapshot(tx, id);
                    tx.exec_params("update contribution set themes = array(select jsonb_array_elements_text($2::jsonb)),"
                                   " themes_confirmed = true where id = $1",
                                   id, text_array(*req.themes));
                    remember_undo(tx, id, req.who, "themes", before);
                    detail["themes"] = *req.themes;
                    if(row.consultation_id)
                        detail["consultation_id"] = row.consultation_id;
                }
                if(! req.add_tags.empty() || ! req.remove_tags.empty())
                {
                    tx.exec_params(
                        "update contribution set tags = array(select distinct t from unnest(tags ||"
                        "   array(select jsonb_array_elements_text($2::jsonb))) t"
                        "   where t <> all(array(select jsonb_array_elements_text($3::jsonb))) order by t) where id = $1",
                        id, text_array(req.add_tags), text_array(req.remove_tags));
                    if(! req.add_tags.empty())
                        detail["add_tags"] = req.add_tags;
                    if(! req.remove_tags.empty())
                        detail["remove_tags"] = req.remove_tags;
                }
                if(req.edited_text)
                {
                    tx.exec_params("update contribution set edited_text = nullif($2, '') where id = $1", id, *req.edited_text);
                    detail["edited"] = ! req.edited_text->empty();  // the text itself is not copied into the log
                }
                if(req.featured)
                {
                    // Public summaries read the `featured` tag; the column and the tag move together,
                    // and a published quote's change reaches the live summaries.
                    tx.exec_params(
                        "update contribution set featured = $2,"
                        " tags = case when $2 then array(select distinct t from unnest(tags || '{featured}') t order by t)"
                        "             else array_remove(tags, 'featured') end where id = $1",
                        id, *req.featured);
                    detail["featured"] = *req.featured;
                }
                // A change to what the public sees of a published row (its text, themes, whether it is
                // a featured quote) sends the same event as a publish: every node's summary and embed
                // pages are recomputed and open streams get the contribution again (issue #16, item 5).
                // Other tags are the moderators' own and change nothing public.
                if(row.status == "published" && row.consultation_id && changes_public(req))
                    notify_publish(tx, row.consultation_id, id, true);
                append_audit(tx, {req.who.email, "edit", subject(id), detail});
                changed.push_back(id);
            }
            if(req.ids.size() > 1)
                append_audit(tx, {req.who.email, "bulk_edit", "", {{"requested", req.ids.size()}, {"changed", changed.size()}}});
            tx.commit();
            return nlohmann::json{{"changed", std::move(changed)}, {"refused", std::move(refused)}};
        },
        std::move(done));
}

namespace {

result<std::string> sender_of(pqxx::work& tx, std::int64_t id)
{
    auto const r = tx.exec_params("select sender_key from contribution where id = $1", id);
    if(r.empty())
        return fail(errc::not_found, "No contribution " + std::to_string(id) + ".");
    if(r[0][0].is_null())
        return fail(errc::unprocessable, "This contribution came through the web form: it has no sender to act on.");
    return r[0][0].as<std::string>();
}

}  // namespace

void block_sender(database& db, moderator_info who, std::int64_t contribution_id,
                  std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "block sender",
        [who = std::move(who), contribution_id](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            auto const key = sender_of(tx, contribution_id);
            if(! key)
                return key.err();
            tx.exec_params("insert into blocked_sender (sender_key, blocked_by) values ($1, $2) on conflict do nothing", *key,
                           who.id);
            // The audit names the pseudonym as moderators see it, never the full key.
            append_audit(tx, {who.email, "block_sender", subject(contribution_id), {{"pseudonym", key->substr(0, 6)}}});
            tx.commit();
            return nlohmann::json{{"affected", 1}};
        },
        std::move(done));
}

void erase_sender_of(database& db, moderator_info who, std::int64_t contribution_id,
                     std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "erase sender",
        [who = std::move(who), contribution_id](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            auto const key = sender_of(tx, contribution_id);
            if(! key)
                return key.err();
            auto const gone =
                tx.exec_params("delete from contribution where sender_key = $1 returning id, consultation_id, status", *key);
            for(auto const& r : gone)
                if(r[2].as<std::string>() == "published" && ! r[1].is_null())
                    notify_publish(tx, r[1].as<std::int64_t>(), r[0].as<std::int64_t>(), false);
            append_audit(tx, {who.email,
                              "erase_sender",
                              subject(contribution_id),
                              {{"pseudonym", key->substr(0, 6)}, {"erased", gone.size()}}});
            tx.commit();
            return nlohmann::json{{"affected", gone.size()}};
        },
        std::move(done));
}

void recent_audit(database& db, int limit, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "recent audit",
        [limit](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::read_transaction tx(conn);
            auto const r =
                tx.exec_params("select coalesce(json_agg(x), '[]')::text from (select id, to_char(at at time zone 'UTC',"
                               " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') as at, actor, action, subject, detail, hash"
                               " from audit_event order by id desc limit $1) x",
                               limit);
            return nlohmann::json::parse(r[0][0].as<std::string>());
        },
        std::move(done));
}

void transparency(database& db, std::int64_t consultation_id, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "transparency",
        [consultation_id](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::read_transaction tx(conn);
            auto const r = tx.exec_params(
                "select (select coalesce(json_object_agg(action, n), '{}') from (select action, count(*) n"
                "          from audit_event where (detail->>'consultation_id')::bigint = $1 group by action) a)::text,"
                "       (select coalesce(json_object_agg(reason, n), '{}') from (select detail->>'reason' reason, count(*) n"
                "          from audit_event where (detail->>'consultation_id')::bigint = $1 and action = 'reject'"
                "          group by 1) b)::text,"
                "       coalesce((select hash from audit_event order by id desc limit 1), ''),"
                "       (select count(*) from audit_event),"
                // Account administration concerns every consultation: counted by kind, never named.
                "       (select coalesce(json_object_agg(action, n), '{}') from (select action, count(*) n"
                "          from audit_event where action like 'account\\_%' group by action) c)::text",
                consultation_id);
            return nlohmann::json{{"outcomes", nlohmann::json::parse(r[0][0].as<std::string>())},
                                  {"reasons", nlohmann::json::parse(r[0][1].as<std::string>())},
                                  {"head", r[0][2].as<std::string>()},
                                  {"entries", r[0][3].as<std::int64_t>()},
                                  {"accounts", nlohmann::json::parse(r[0][4].as<std::string>())}};
        },
        std::move(done));
}

}  // namespace baro::store
