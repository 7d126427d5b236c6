#include "store/audit.hpp"

#include "core/json_text.hpp"
#include "moderation/rules/audit_hash.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

constexpr long long audit_lock_key = 0x6261726f617564;  // "baroaud"
constexpr int verify_batch_rows = 5000;

// The one text form of `at` that is hashed: UTC, microseconds (timestamptz's own precision), so the
// stored value reads back as exactly the text that was hashed.
constexpr char const* at_format = R"(to_char(%s at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))";

std::string at_text(char const* expr)
{
    std::string s(at_format);
    s.replace(s.find("%s"), 2, expr);
    return s;
}

// jsonb refuses the escape \u0000; an entry must never fail for a stray NUL in a quoted text.
void replace_nul(nlohmann::json& j)
{
    auto const fix = [](std::string s) {
        for(std::size_t at = s.find('\0'); at != std::string::npos; at = s.find('\0', at))
            s.replace(at, 1, "\xEF\xBF\xBD");
        return s;
    };
    if(j.is_string())
        j = fix(j.get<std::string>());
    else if(j.is_array())
        for(auto& v : j)
            replace_nul(v);
    else if(j.is_object())
    {
        nlohmann::json out = nlohmann::json::object();
        for(auto& [k, v] : j.items())
        {
            replace_nul(v);
            out[fix(k)] = std::move(v);
        }
        j = std::move(out);
    }
}

std::string detail_for_jsonb(nlohmann::json detail)
{
    replace_nul(detail);
    return dump_json(detail);
}

}  // namespace

std::string append_audit(pqxx::transaction_base& tx, audit_entry const& e)
{
    // Held until the caller's transaction ends: the next appender reads the head only after this
    // entry is committed (or rolled back), so each entry follows exactly one other.
    tx.exec("select pg_advisory_xact_lock(" + std::to_string(audit_lock_key) + ")");
    // A new statement, so under read committed its snapshot includes the entry committed before
    // the lock was granted. clock_timestamp(), not now(): times then increase along the chain.
    auto const r = tx.exec_params("select " + at_text("clock_timestamp()") +
                                      ", $1::jsonb::text, (select hash from audit_event order by id desc limit 1)",
                                  detail_for_jsonb(e.detail));
    auto const at = r[0][0].as<std::string>();
    auto const stored_detail = r[0][1].as<std::string>();
    auto const prev = r[0][2].is_null() ? moderation::audit_genesis_hash : r[0][2].as<std::string>();
    auto const detail = moderation::canonical_audit_detail(stored_detail);
    if(! detail)
        throw std::runtime_error("audit detail did not read back as JSON");
    auto const hash = moderation::audit_hash(prev, at, e.actor, e.action, e.subject, *detail);
    tx.exec_params("insert into audit_event (at, actor, action, subject, detail, prev_hash, hash)"
                   " values ($1::timestamptz, $2, $3, nullif($4, ''), $5::jsonb, $6, $7)",
                   at, e.actor, e.action, e.subject, stored_detail, prev, hash);
    return hash;
}

result<audit_report> verify_audit(std::string const& url)
{
    audit_report report;
    report.head = moderation::audit_genesis_hash;
    auto const s = guarded("verify audit chain", [&] {
        auto conn = connect(url);
        // One snapshot for the whole walk: entries appended meanwhile are simply not seen.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*conn);
        std::string const query = "select id, " + at_text("at") +
                                  ", actor, action, coalesce(subject, ''), detail::text, prev_hash, hash"
                                  " from audit_event where id > $1 order by id limit " +
                                  std::to_string(verify_batch_rows);
        std::int64_t last_id = 0;
        for(;;)
        {
            auto const rows = tx.exec_params(query, last_id);
            for(auto const& row : rows)
            {
                auto const id = row[0].as<std::int64_t>();
                auto const prev_hash = row[6].as<std::string>();
                auto const hash = row[7].as<std::string>();
                if(prev_hash != report.head)
                {
                    report.first_broken_id = id;
                    report.reason = report.entries == 0 ? "its prev_hash is not the genesis hash: earlier entries were deleted, "
                                                          "or the link was rewritten"
                                                        : "its prev_hash is not the hash of entry " + std::to_string(last_id) +
                                                              ": an entry between them was deleted, or the link was rewritten";
                    return;
                }
                auto const detail = moderation::canonical_audit_detail(row[5].as<std::string>());
                if(! detail || moderation::audit_hash(prev_hash, row[1].as<std::string>(), row[2].as<std::string>(),
                                                      row[3].as<std::string>(), row[4].as<std::string>(), *detail) != hash)
                {
                    report.first_broken_id = id;
                    report.reason = "its contents (time, actor, action, subject or detail) or its stored hash "
                                    "were changed after it was written";
                    return;
                }
                report.head = hash;
                ++report.entries;
                last_id = id;
            }
            if(rows.size() < static_cast<std::size_t>(verify_batch_rows))
                return;
        }
    });
    if(! s)
        return s.err();
    return report;
}

}  // namespace baro::store
