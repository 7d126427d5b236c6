#include "store/reply_settings.hpp"

#include "store/async.hpp"
#include "store/audit.hpp"
#include "store/connection.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

using nlohmann::json;

// One statement for every writer (the CLI, the page, the API): an empty text is the default (NULL).
constexpr char const* upsert_sql =
    "insert into reply_setting (consultation_id, channel, acknowledgements, daily_sms_budget, text_fr, text_bm, text_en)"
    " values ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), nullif($7, ''))"
    " on conflict (consultation_id, channel) do update set acknowledgements = excluded.acknowledgements,"
    " daily_sms_budget = excluded.daily_sms_budget, text_fr = excluded.text_fr, text_bm = excluded.text_bm,"
    " text_en = excluded.text_en";

void upsert(pqxx::transaction_base& tx, std::int64_t consultation_id, std::string const& channel, reply_setting const& s)
{
    tx.exec_params(upsert_sql, consultation_id, channel, s.acknowledgements, static_cast<long long>(s.daily_sms_budget),
                   s.text_fr, s.text_bm, s.text_en);
}

reply_setting load(pqxx::transaction_base& tx, std::int64_t consultation_id, std::string const& channel)
{
    auto const r = tx.exec_params("select acknowledgements, daily_sms_budget, coalesce(text_fr, ''), coalesce(text_bm, ''),"
                                  " coalesce(text_en, '') from reply_setting where consultation_id = $1 and channel = $2",
                                  consultation_id, channel);
    reply_setting rs;
    if(! r.empty())
    {
        rs.acknowledgements = r[0][0].as<bool>();
        rs.daily_sms_budget = r[0][1].as<std::int64_t>();
        rs.text_fr = r[0][2].as<std::string>();
        rs.text_bm = r[0][3].as<std::string>();
        rs.text_en = r[0][4].as<std::string>();
    }
    return rs;
}

json setting_json(std::string const& channel, reply_setting const& s)
{
    return {{"channel", channel},
            {"acknowledgements", s.acknowledgements},
            {"daily_sms_budget", s.daily_sms_budget},
            {"text", {{"fr", s.text_fr}, {"bm", s.text_bm}, {"en", s.text_en}}}};
}

error no_consultation(std::string const& slug)
{
    return fail(errc::not_found, "No consultation has the slug " + slug + ".", "slug");
}

}  // namespace

status set_reply_setting(std::string const& url, std::string const& slug, std::string const& channel,
                         reply_setting const& setting)
{
    std::optional<bool> found;
    auto const s = guarded("set reply setting", [&] {
        auto conn = connect(url);
        pqxx::work tx(*conn);
        auto const c = tx.exec_params("select id from consultation where slug = $1", slug);
        found = ! c.empty();
        if(c.empty())
            return;
        upsert(tx, c[0][0].as<std::int64_t>(), channel, setting);
        tx.commit();
    });
    if(! s)
        return s;
    if(! *found)
        return no_consultation(slug);
    return ok_t{};
}

result<reply_setting> load_reply_setting(std::string const& url, std::string const& slug, std::string const& channel)
{
    std::optional<result<reply_setting>> out;
    auto const s = guarded("load reply setting", [&] {
        auto conn = connect(url);
        pqxx::read_transaction tx(*conn);
        auto const c = tx.exec_params("select id from consultation where slug = $1", slug);
        if(c.empty())
            out.emplace(no_consultation(slug));
        else
            out.emplace(load(tx, c[0][0].as<std::int64_t>(), channel));
    });
    if(! s)
        return s.err();
    return std::move(*out);
}

void read_reply_settings(database& db, std::string slug, admin_done done)
{
    detail::run<json>(
        db, "read reply settings",
        [slug = std::move(slug)](pqxx::connection_base& conn) -> result<json> {
            pqxx::read_transaction tx(conn);
            auto const c = tx.exec_params("select id from consultation where slug = $1", slug);
            if(c.empty())
                return no_consultation(slug);
            auto list = json::array();
            for(auto const channel : reply_channels)
                list.push_back(setting_json(channel, load(tx, c[0][0].as<std::int64_t>(), channel)));
            return json{{"replies", list}};
        },
        std::move(done));
}

void save_reply_setting(database& db, moderator_info who, std::string slug, std::string channel, reply_setting setting,
                        admin_done done)
{
    detail::run<json>(
        db, "save reply setting",
        [who = std::move(who), slug = std::move(slug), channel = std::move(channel),
         setting = std::move(setting)](pqxx::connection_base& conn) -> result<json> {
            pqxx::work tx(conn);
            auto const c = tx.exec_params("select id, status from consultation where slug = $1 for update", slug);
            if(c.empty())
                return no_consultation(slug);
            if(c[0][1].as<std::string>() == "archived")
                return fail(errc::conflict, "\"" + slug + "\" is archived: it is read-only.", "status");
            upsert(tx, c[0][0].as<std::int64_t>(), channel, setting);
            auto out = setting_json(channel, setting);
            append_audit(tx, {who.email, "replies_update", "replies:" + slug + "/" + channel, out});
            tx.commit();
            return out;
        },
        std::move(done));
}

}  // namespace baro::store
