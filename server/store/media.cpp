#include "store/media.hpp"

#include "core/crypto.hpp"
#include "store/async.hpp"
#include "store/audit.hpp"
#include "store/connection.hpp"
#include "store/consultation_admin.hpp"
#include "store/decision_rows.hpp"

#include <pqxx/pqxx>

#include <algorithm>

namespace baro::store {

namespace {

constexpr char const* claim_sql = R"sql(
with due as (
    select id from contribution_media
    where state = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
    order by next_attempt_at
    limit $1
    for update skip locked
)
update contribution_media m set lease_until = now() + make_interval(secs => $2), attempts = m.attempts + 1
where m.id = any(array(select id from due))
returning m.id, m.kind, m.provider, encode(m.reference_sealed, 'hex'), m.attempts
)sql";

// Orphans (their contribution erased) are deleted; a checksum no remaining row names is returned,
// so that its file goes too. Two rows may share a file (the same picture sent twice). Two
// statements: a data-modifying CTE's deletions are invisible to the rest of its own statement.
constexpr char const* sweep_sql = R"sql(
delete from contribution_media where id = any(array(
    select id from contribution_media where contribution_id is null order by id limit $1 for update skip locked))
returning sha256
)sql";
// A file stays while a stored medium names it: an expired row keeps its checksum as a record.
constexpr char const* still_named_sql =
    "select exists (select 1 from contribution_media where sha256 = $1 and state = 'stored')";

// Media held longer than their consultation keeps them (sql/019). Refused with reason 'expired':
// the console says why the file is gone, and a published medium stops being served.
constexpr char const* expire_sql = R"sql(
update contribution_media set state = 'refused', reason = 'expired', reference_sealed = null, lease_until = null,
    public = false, fetched_at = coalesce(fetched_at, now())
where id = any(array(
    select m.id from contribution_media m
    join contribution c on c.id = m.contribution_id
    left join consultation k on k.id = c.consultation_id
    where m.state in ('pending', 'stored')
      and m.created_at < now() - make_interval(days => coalesce(k.media_retention_days, $2))
    order by m.id limit $1
    for update of m skip locked))
returning sha256
)sql";

// The checksums among `rows` (one column) that no stored medium names any more, each once.
std::vector<std::string> freed_files(pqxx::transaction_base& tx, pqxx::result const& rows)
{
    std::vector<std::string> out;
    for(auto const& r : rows)
        if(! r[0].is_null() && std::find(out.begin(), out.end(), r[0].as<std::string>()) == out.end() &&
           ! tx.exec_params(still_named_sql, r[0].as<std::string>())[0][0].as<bool>())
            out.push_back(r[0].as<std::string>());
    return out;
}

}  // namespace

media_queue::media_queue(std::string url) : conn_(std::make_unique<lazy_connection>(std::move(url))) {}
media_queue::~media_queue() = default;

result<std::vector<claimed_media>> media_queue::claim(std::size_t limit, std::chrono::seconds lease)
{
    return conn_->use("claim media", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        auto const rows = tx.exec_params(claim_sql, static_cast<long long>(limit), static_cast<long long>(lease.count()));
        tx.commit();
        std::vector<claimed_media> out;
        for(auto const& r : rows)
            out.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                           r[3].is_null() ? std::string() : crypto::from_hex(r[3].as<std::string>()), r[4].as<int>()});
        return out;
    });
}

status media_queue::mark_stored(std::int64_t id, stored_media const& m)
{
    auto r = conn_->use("mark media stored", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params("update contribution_media set state = 'stored', reference_sealed = null, lease_until = null,"
                       " reason = null, sha256 = $2, size_bytes = $3, content_type = $4, fetched_at = now()"
                       " where id = $1 and state = 'pending'",
                       id, m.sha256, static_cast<long long>(m.size), m.content_type);
        tx.commit();
        return ok_t{};
    });
    return r ? status(ok_t{}) : status(r.err());
}

status media_queue::mark_refused(std::int64_t id, std::string const& reason)
{
    auto r = conn_->use("mark media refused", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params("update contribution_media set state = 'refused', reference_sealed = null, lease_until = null,"
                       " reason = $2, fetched_at = now() where id = $1 and state = 'pending'",
                       id, reason);
        tx.commit();
        return ok_t{};
    });
    return r ? status(ok_t{}) : status(r.err());
}

status media_queue::mark_retry(std::int64_t id, std::chrono::seconds delay, std::string const& reason)
{
    auto r = conn_->use("mark media retry", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params("update contribution_media set lease_until = null, next_attempt_at = now() + make_interval(secs => $2),"
                       " reason = $3 where id = $1 and state = 'pending'",
                       id, static_cast<long long>(delay.count()), reason);
        tx.commit();
        return ok_t{};
    });
    return r ? status(ok_t{}) : status(r.err());
}

result<std::vector<std::string>> media_queue::sweep_orphans(std::size_t limit)
{
    return conn_->use("sweep media", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        auto const out = freed_files(tx, tx.exec_params(sweep_sql, static_cast<long long>(limit)));
        tx.commit();
        return out;
    });
}

result<std::vector<std::string>> media_queue::expire(std::size_t limit)
{
    return conn_->use("expire media", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        auto const out = freed_files(tx, tx.exec_params(expire_sql, static_cast<long long>(limit), default_media_retention_days));
        tx.commit();
        return out;
    });
}

void find_media_file(database& db, std::int64_t media_id, std::function<void(result<media_file>)> done)
{
    detail::run<media_file>(
        db, "find media",
        [media_id](pqxx::connection_base& conn) -> result<media_file> {
            pqxx::read_transaction tx(conn);
            auto const r = tx.exec_params("select sha256, content_type from contribution_media"
                                          " where id = $1 and state = 'stored' and contribution_id is not null",
                                          media_id);
            if(r.empty())
                return fail(errc::not_found, "No such medium.");
            return media_file{r[0][0].as<std::string>(), r[0][1].as<std::string>()};
        },
        std::move(done));
}

void find_public_media_file(database& db, std::int64_t media_id, std::function<void(result<media_file>)> done)
{
    detail::run<media_file>(
        db, "find public media",
        [media_id](pqxx::connection_base& conn) -> result<media_file> {
            pqxx::read_transaction tx(conn);
            auto const r = tx.exec_params("select m.sha256, m.content_type from contribution_media m"
                                          " join contribution c on c.id = m.contribution_id"
                                          " where m.id = $1 and m.public and m.state = 'stored' and c.status = 'published'",
                                          media_id);
            if(r.empty())
                return fail(errc::not_found, "No such medium.");
            return media_file{r[0][0].as<std::string>(), r[0][1].as<std::string>()};
        },
        std::move(done));
}

void find_public_medium_of(database& db, std::int64_t contribution_id,
                           std::function<void(result<std::optional<public_medium>>)> done)
{
    detail::run<std::optional<public_medium>>(
        db, "find public medium",
        [contribution_id](pqxx::connection_base& conn) -> result<std::optional<public_medium>> {
            pqxx::read_transaction tx(conn);
            auto const r = tx.exec_params("select id, kind = 'image' from contribution_media where contribution_id = $1"
                                          " and public and state = 'stored' order by id limit 1",
                                          contribution_id);
            if(r.empty())
                return std::optional<public_medium>();
            return std::optional<public_medium>(public_medium{r[0][0].as<std::int64_t>(), r[0][1].as<bool>()});
        },
        std::move(done));
}

void find_transcription_target(database& db, std::int64_t id, std::function<void(result<transcription_target>)> done)
{
    detail::run<transcription_target>(
        db, "find contribution",
        [id](pqxx::connection_base& conn) -> result<transcription_target> {
            pqxx::read_transaction tx(conn);
            auto const r = tx.exec_params("select consultation_id, exists (select 1 from contribution_media m"
                                          " where m.contribution_id = c.id) from contribution c where id = $1",
                                          id);
            if(r.empty())
                return fail(errc::not_found, "No such contribution.");
            transcription_target t;
            if(! r[0][0].is_null())
                t.consultation_id = r[0][0].as<std::int64_t>();
            t.has_media = r[0][1].as<bool>();
            return t;
        },
        std::move(done));
}

void save_transcription(database& db, moderator_info who, std::int64_t id, contribution_row fields,
                        std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "save transcription",
        [who = std::move(who), id, f = std::move(fields)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            nlohmann::json const suggested = f.suggested_themes;
            auto const r = tx.exec_params(
                "update contribution c set display_text = $2, search_key = $3, language = $4, script = $5,"
                " suggested_themes = array(select jsonb_array_elements_text($6::jsonb))"
                " where id = $1 and exists (select 1 from contribution_media m where m.contribution_id = c.id)"
                " returning version",
                id, f.display_text, f.search_key, f.language, f.script, suggested.dump());
            if(r.empty())
                return fail(errc::unprocessable, "Only a voice note or a picture is transcribed.", "text", "media");
            // Its group row described the text it had: the update queued it to be grouped again (sql/039).
            append_audit(tx, {who.email, "transcribe", detail::subject(id), {{"language", f.language}, {"chars", f.display_text.size()}}});
            tx.commit();
            return nlohmann::json{{"id", id}, {"language", f.language}, {"version", r[0][0].as<std::int64_t>()}};
        },
        std::move(done));
}

void set_media_public(database& db, moderator_info who, std::int64_t media_id, bool make_public,
                      std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "publish media",
        [who = std::move(who), media_id, make_public](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            auto const r = tx.exec_params("update contribution_media set public = $2 where id = $1 and state = 'stored'"
                                          " and contribution_id is not null returning contribution_id, kind",
                                          media_id, make_public);
            if(r.empty())
                return fail(errc::unprocessable, "Only a stored voice note or picture can be published.", "media", "media");
            append_audit(tx, {who.email, make_public ? "publish_media" : "unpublish_media",
                              detail::subject(r[0][0].as<std::int64_t>()),
                              {{"media", media_id}, {"kind", r[0][1].as<std::string>()}}});
            tx.commit();
            return nlohmann::json{{"media", media_id}, {"public", make_public}};
        },
        std::move(done));
}

}  // namespace baro::store
