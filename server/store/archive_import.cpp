#include "store/archive_import.hpp"

#include "core/json_text.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace baro::store {

namespace {

// One statement for the whole batch, as in the group-commit writer: the rows travel as one JSON
// parameter, new contributions get their source row in the same statement, and a post already
// stored (by an earlier import or the live webhook), or removed by its author, is skipped. A pseudonym moderators blocked goes
// to spam, as on every other path.
constexpr char const* insert_sql = R"sql(
with input as (
    select * from json_to_recordset($1::json) as x(
        consultation_id bigint, channel text, external_id text, sender_key text, raw text, display_text text,
        search_key text, language text, script text, status text, suggested_themes text[], flags text[],
        posted_at timestamptz, permalink text, in_reply_to text)
), ins as (
    insert into contribution (consultation_id, channel, external_id, sender_key, received_at, raw, display_text,
                              search_key, language, script, status, suggested_themes, flags)
    select consultation_id, channel, external_id, sender_key, coalesce(posted_at, now()), raw, display_text,
           search_key, language, script,
           case when sender_key is not null and exists (select 1 from blocked_sender b where b.sender_key = input.sender_key)
                then 'spam' else status end,
           suggested_themes, flags
    from input
    -- a post its author removed (withdrawn live, under its own id) is never brought back by an archive
    where not exists (select 1 from withdrawal w where w.channel = input.channel and w.external_id = input.external_id)
    on conflict (channel, external_id) do nothing
    returning id, channel, external_id
), src as (
    insert into contribution_source (contribution_id, platform, permalink, in_reply_to, posted_at)
    select ins.id, i.channel, i.permalink, i.in_reply_to, i.posted_at
    from ins join input i on i.channel = ins.channel and i.external_id = ins.external_id
    returning 1
)
select count(*) from src
)sql";

constexpr char const* present_sql = R"sql(
select count(*) from json_to_recordset($1::json) as x(channel text, external_id text)
where exists (select 1 from contribution c where c.channel = x.channel and c.external_id = x.external_id)
)sql";

nlohmann::json to_json_row(archived_row const& s)
{
    auto opt = [](std::string const& v) { return v.empty() ? nlohmann::json() : nlohmann::json(v); };
    auto const& r = s.row;
    return {
        {"consultation_id", r.consultation_id ? nlohmann::json(*r.consultation_id) : nlohmann::json()},
        {"channel", r.channel},
        {"external_id", r.external_id},
        {"sender_key", opt(r.sender_key)},
        {"raw", r.raw},
        {"display_text", r.display_text},
        {"search_key", r.search_key},
        {"language", r.language},
        {"script", r.script},
        {"status", r.status},
        {"suggested_themes", r.suggested_themes},
        {"flags", r.flags},
        {"posted_at", opt(s.posted_at)},
        {"permalink", opt(s.permalink)},
        {"in_reply_to", opt(s.in_reply_to)},
    };
}

}  // namespace

struct archive_importer::state
{
    std::unique_ptr<pqxx::connection> conn;
};

archive_importer::archive_importer(std::string url) : url_(std::move(url)), state_(std::make_unique<state>()) {}

archive_importer::~archive_importer() = default;

result<std::size_t> archive_importer::insert(std::vector<archived_row> const& rows)
{
    nlohmann::json input = nlohmann::json::array();
    for(auto const& r : rows)
        input.push_back(to_json_row(r));
    auto const payload = dump_json(input);
    input = nullptr;
    std::size_t added = 0;
    auto const s = guarded("import batch", [&] {
        if(! state_->conn || ! state_->conn->is_open())
        {
            state_->conn = connect(url_);
            state_->conn->set_variable("plan_cache_mode", "force_custom_plan");
            state_->conn->prepare("import_batch", insert_sql);
        }
        pqxx::work tx(*state_->conn);
        added = tx.exec_prepared("import_batch", payload)[0][0].as<std::size_t>();
        tx.commit();
    });
    if(! s)
    {
        if(take_connection_lost())
            state_->conn.reset();
        return s.err();
    }
    return added;
}

result<std::size_t> archive_importer::count_present(std::vector<archived_row> const& rows)
{
    nlohmann::json keys = nlohmann::json::array();
    for(auto const& r : rows)
        keys.push_back({{"channel", r.row.channel}, {"external_id", r.row.external_id}});
    std::size_t present = 0;
    auto const s = guarded("import dry run", [&] {
        if(! state_->conn || ! state_->conn->is_open())
            state_->conn = connect(url_);
        pqxx::read_transaction tx(*state_->conn);
        present = tx.exec_params(present_sql, dump_json(keys))[0][0].as<std::size_t>();
    });
    if(! s)
        return s.err();
    return present;
}

}  // namespace baro::store
