#include "store/consultation_admin.hpp"

#include "moderation/rules/consultation_fields.hpp"
#include "moderation/rules/lifecycle.hpp"
#include "store/array_literal.hpp"
#include "store/async.hpp"
#include "store/audit.hpp"

#include <pqxx/pqxx>

#include <chrono>

namespace baro::store {

namespace {

using nlohmann::json;

std::int64_t now_seconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<std::string> text_array(pqxx::field const& f)
{
    std::vector<std::string> out;
    auto parser = f.as_array();
    for(auto item = parser.get_next(); item.first != pqxx::array_parser::done; item = parser.get_next())
        if(item.first == pqxx::array_parser::string_value)
            out.push_back(item.second);
    return out;
}

std::optional<std::int64_t> epoch(pqxx::field const& f)
{
    return f.is_null() ? std::nullopt : std::optional<std::int64_t>(f.as<std::int64_t>());
}

json time_json(std::optional<std::int64_t> t) { return t ? json(moderation::format_bamako_time(*t)) : json(nullptr); }

constexpr char const* consultation_columns =
    "c.id, c.slug, c.title::text, c.description::text, extract(epoch from c.opens_at)::bigint,"
    " extract(epoch from c.closes_at)::bigint, c.channels, coalesce(c.sms_keyword, ''), c.recipients, c.default_unrouted,"
    " coalesce((c.questions->>'region')::boolean, true), c.show_source_links, c.status, c.version,"
    " (select count(*) from contribution x where x.consultation_id = c.id),"
    " coalesce((c.questions->>'gender')::boolean, false), coalesce((c.questions->>'age_band')::boolean, false), c.media_retention_days";

json consultation_json(pqxx::row const& r)
{
    auto const stored = moderation::parse_status(r[12].as<std::string>()).value_or(moderation::phase::closed);
    auto const opens = epoch(r[4]), closes = epoch(r[5]);
    return {{"slug", r[1].as<std::string>()},
            {"title", json::parse(r[2].as<std::string>())},
            {"description", json::parse(r[3].as<std::string>())},
            {"opens_at", time_json(opens)},
            {"closes_at", time_json(closes)},
            {"time_zone", moderation::consultation_time_zone},
            {"channels", text_array(r[6])},
            {"sms_keyword", r[7].as<std::string>()},
            {"recipients", text_array(r[8])},
            {"default_unrouted", r[9].as<bool>()},
            {"questions", {{"region", r[10].as<bool>()}, {"gender", r[15].as<bool>()}, {"age_band", r[16].as<bool>()}}},
            {"show_source_links", r[11].as<bool>()},
            {"media_retention_days", r[17].as<int>()},
            {"status", r[12].as<std::string>()},
            {"phase", std::string(moderation::to_string(moderation::phase_at(stored, opens, closes, now_seconds())))},
            {"version", r[13].as<std::int64_t>()},
            {"contributions", r[14].as<std::int64_t>()}};
}

json themes_json(pqxx::transaction_base& tx, std::int64_t id)
{
    json out = json::array();
    for(auto const& r : tx.exec_params("select slug, label::text, keywords_fr, keywords_bm, retired_at is not null,"
                                       " coalesce(merged_into, '') from theme where consultation_id = $1 order by position, id",
                                       id))
        out.push_back({{"slug", r[0].as<std::string>()},
                       {"label", json::parse(r[1].as<std::string>())},
                       {"keywords_fr", text_array(r[2])},
                       {"keywords_bm", text_array(r[3])},
                       {"retired", r[4].as<bool>()},
                       {"merged_into", r[5].as<std::string>()}});
    return out;
}

// The consultation row `slug`, locked for the rest of the transaction; nullopt when none.
std::optional<pqxx::row> lock_consultation(pqxx::transaction_base& tx, std::string const& slug)
{
    auto const r = tx.exec_params(std::string("select ") + consultation_columns + " from consultation c where c.slug = $1 for update",
                                  slug);
    if(r.empty())
        return std::nullopt;
    return r[0];
}

json full(pqxx::transaction_base& tx, std::string const& slug)
{
    auto const r =
        tx.exec_params(std::string("select ") + consultation_columns + " from consultation c where c.slug = $1", slug);
    auto out = consultation_json(r[0]);
    out["themes"] = themes_json(tx, r[0][0].as<std::int64_t>());
    return out;
}

error no_consultation(std::string const& slug) { return fail(errc::not_found, "No consultation \"" + slug + "\".", "slug"); }

// Another consultation already takes unrouted messages: at most one may (sql/015's unique index).
std::optional<error> default_taken(pqxx::transaction_base& tx, consultation_fields const& f, std::int64_t self)
{
    if(! f.default_unrouted)
        return std::nullopt;
    auto const r = tx.exec_params("select slug from consultation where default_unrouted and id <> $1", self);
    if(r.empty())
        return std::nullopt;
    return fail(errc::conflict,
                "\"" + r[0][0].as<std::string>() + "\" already takes unrouted messages; untick it there first.",
                "default_unrouted");
}

json fields_detail(consultation_fields const& f)
{
    return {{"slug", f.slug},
            {"title", f.title},
            {"opens_at", time_json(f.opens_at)},
            {"closes_at", time_json(f.closes_at)},
            {"channels", f.channels},
            {"sms_keyword", f.sms_keyword},
            {"recipients", f.recipients},
            {"default_unrouted", f.default_unrouted},
            {"questions", {{"region", f.ask_region}, {"gender", f.demographics.gender}, {"age_band", f.demographics.age_band}}},
            {"media_retention_days", f.media_retention_days}};
}

std::string opt_time(std::optional<std::int64_t> t) { return t ? std::to_string(*t) : std::string(); }

// Runs `work` in one read-committed transaction; its result is the reply.
template<class Work>
void in_tx(database& db, char const* what, Work work, admin_done done)
{
    detail::run<json>(
        db, what,
        [work = std::move(work)](pqxx::connection_base& conn) -> result<json> {
            pqxx::work tx(conn);
            auto out = work(tx);
            if(out)
                tx.commit();
            return out;
        },
        std::move(done));
}

error stale(std::int64_t read, std::int64_t current)
{
    return fail(errc::conflict,
                "Someone saved this consultation since you opened it (version " + std::to_string(read) + ", now " +
                    std::to_string(current) + "): reload it and apply your changes again.",
                "version");
}

// A theme edit needs its consultation writable: not archived.
result<std::int64_t> writable(pqxx::transaction_base& tx, std::string const& slug)
{
    auto const row = lock_consultation(tx, slug);
    if(! row)
        return no_consultation(slug);
    if((*row)[12].as<std::string>() == "archived")
        return fail(errc::conflict, "\"" + slug + "\" is archived: it is read-only.", "status");
    return (*row)[0].as<std::int64_t>();
}

// A theme change is a change of its consultation: writable, unchanged since the version the admin
// read (when they name it), and version + 1 — so a lexicon edit and another admin's save made on the
// same reading cannot both land. Nothing is kept if the caller's transaction fails after this.
result<std::int64_t> theme_change(pqxx::transaction_base& tx, std::string const& slug, std::optional<std::int64_t> read)
{
    auto const id = writable(tx, slug);
    if(! id)
        return id;
    auto const current = tx.exec_params("select version from consultation where id = $1", *id)[0][0].as<std::int64_t>();
    if(read && *read != current)
        return stale(*read, current);
    tx.exec_params("update consultation set version = version + 1 where id = $1", *id);
    return id;
}

}  // namespace

void list_consultations(database& db, admin_done done)
{
    detail::run<json>(
        db, "list consultations",
        [](pqxx::connection_base& conn) -> result<json> {
            pqxx::read_transaction tx(conn);
            json list = json::array();
            for(auto const& r : tx.exec(std::string("select ") + consultation_columns + " from consultation c order by c.id desc"))
                list.push_back(consultation_json(r));
            return json{{"consultations", list}};
        },
        std::move(done));
}

void read_consultation(database& db, std::string slug, admin_done done)
{
    detail::run<json>(
        db, "read consultation",
        [slug = std::move(slug)](pqxx::connection_base& conn) -> result<json> {
            pqxx::read_transaction tx(conn);
            if(tx.exec_params("select 1 from consultation where slug = $1", slug).empty())
                return no_consultation(slug);
            return full(tx, slug);
        },
        std::move(done));
}

void create_consultation(database& db, moderator_info who, consultation_fields f, admin_done done)
{
    in_tx(
        db, "create consultation",
        [who = std::move(who), f = std::move(f)](pqxx::work& tx) -> result<json> {
            if(! tx.exec_params("select 1 from consultation where slug = $1", f.slug).empty())
                return fail(errc::conflict, "A consultation \"" + f.slug + "\" exists already.", "slug");
            if(auto taken = default_taken(tx, f, 0))
                return *taken;
            tx.exec_params("insert into consultation (slug, title, description, opens_at, closes_at, channels, sms_keyword,"
                           " recipients, default_unrouted, questions, show_source_links, media_retention_days, status)"
                           " values ($1, $2::jsonb, $3::jsonb, to_timestamp(nullif($4, '')::bigint),"
                           " to_timestamp(nullif($5, '')::bigint), $6::text[], nullif($7, ''), $8::text[], $9,"
                           " jsonb_build_object('region', $10::boolean, 'gender', $12::boolean, 'age_band', $13::boolean),"
                           " $11, $14, 'draft')",
                           f.slug, f.title.dump(), f.description.dump(), opt_time(f.opens_at), opt_time(f.closes_at),
                           text_array_literal(f.channels), f.sms_keyword, text_array_literal(f.recipients), f.default_unrouted,
                           f.ask_region, f.show_source_links, f.demographics.gender, f.demographics.age_band,
                           f.media_retention_days);
            append_audit(tx, {who.email, "consultation_create", "consultation:" + f.slug, fields_detail(f)});
            return full(tx, f.slug);
        },
        std::move(done));
}

void update_consultation(database& db, moderator_info who, std::string slug, std::int64_t version, consultation_fields f,
                         admin_done done)
{
    in_tx(
        db, "update consultation",
        [who = std::move(who), slug = std::move(slug), version, f = std::move(f)](pqxx::work& tx) -> result<json> {
            auto const row = lock_consultation(tx, slug);
            if(! row)
                return no_consultation(slug);
            auto const id = (*row)[0].as<std::int64_t>();
            auto const current = (*row)[13].as<std::int64_t>();
            if((*row)[12].as<std::string>() == "archived")
                return fail(errc::conflict, "\"" + slug + "\" is archived: it is read-only.", "status");
            if(current != version)
                return stale(version, current);
            if(f.slug != slug)
            {
                // Links, embeds and SMS replies name the slug: once people have spoken, it stays.
                if((*row)[14].as<std::int64_t>() > 0)
                    return fail(errc::unprocessable, "The slug cannot change once the consultation has contributions.", "slug");
                if(! tx.exec_params("select 1 from consultation where slug = $1", f.slug).empty())
                    return fail(errc::conflict, "A consultation \"" + f.slug + "\" exists already.", "slug");
            }
            if(auto taken = default_taken(tx, f, id))
                return *taken;
            tx.exec_params("update consultation set slug = $2, title = $3::jsonb, description = $4::jsonb,"
                           " opens_at = to_timestamp(nullif($5, '')::bigint), closes_at = to_timestamp(nullif($6, '')::bigint),"
                           " channels = $7::text[], sms_keyword = nullif($8, ''), recipients = $9::text[],"
                           " default_unrouted = $10,"
                           " questions = jsonb_build_object('region', $11::boolean, 'gender', $13::boolean, 'age_band', $14::boolean),"
                           " show_source_links = $12, media_retention_days = $15, version = version + 1 where id = $1",
                           id, f.slug, f.title.dump(), f.description.dump(), opt_time(f.opens_at), opt_time(f.closes_at),
                           text_array_literal(f.channels), f.sms_keyword, text_array_literal(f.recipients), f.default_unrouted,
                           f.ask_region, f.show_source_links, f.demographics.gender, f.demographics.age_band,
                           f.media_retention_days);
            auto detail = fields_detail(f);
            detail["version"] = current + 1;
            append_audit(tx, {who.email, "consultation_update", "consultation:" + slug, detail});
            return full(tx, f.slug);
        },
        std::move(done));
}

void set_consultation_status(database& db, moderator_info who, std::string slug, std::string status, admin_done done)
{
    in_tx(
        db, "consultation status",
        [who = std::move(who), slug = std::move(slug), status = std::move(status)](pqxx::work& tx) -> result<json> {
            auto const to = moderation::parse_status(status);
            if(! to)
                return fail(errc::unprocessable, "status is one of open, closed, archived.", "status");
            auto const row = lock_consultation(tx, slug);
            if(! row)
                return no_consultation(slug);
            auto const now = now_seconds();
            auto const stored = moderation::parse_status((*row)[12].as<std::string>()).value_or(moderation::phase::closed);
            auto const closes = epoch((*row)[5]);
            auto const from = moderation::phase_at(stored, epoch((*row)[4]), closes, now);
            if(auto problem = moderation::transition_problem(from, *to, closes, now); ! problem.empty())
                return fail(errc::conflict, problem, "status");
            tx.exec_params("update consultation set status = $2, version = version + 1 where slug = $1", slug, status);
            append_audit(tx, {who.email, "consultation_" + status, "consultation:" + slug,
                              {{"from", std::string(moderation::to_string(from))}, {"to", status}}});
            return full(tx, slug);
        },
        std::move(done));
}

void create_theme(database& db, moderator_info who, std::string consultation, theme_fields t, admin_done done)
{
    in_tx(
        db, "create theme",
        [who = std::move(who), consultation = std::move(consultation), t = std::move(t)](pqxx::work& tx) -> result<json> {
            auto const id = theme_change(tx, consultation, t.version);
            if(! id)
                return id.err();
            if(! tx.exec_params("select 1 from theme where consultation_id = $1 and slug = $2", *id, t.slug).empty())
                return fail(errc::conflict,
                            "The theme slug \"" + t.slug + "\" is in use in this consultation (retired themes keep theirs).",
                            "slug");
            tx.exec_params("insert into theme (consultation_id, slug, position, label, keywords_fr, keywords_bm)"
                           " values ($1, $2, (select coalesce(max(position), -1) + 1 from theme where consultation_id = $1),"
                           " $3::jsonb, $4::text[], $5::text[])",
                           *id, t.slug, t.label.dump(), text_array_literal(t.keywords_fr), text_array_literal(t.keywords_bm));
            append_audit(tx, {who.email, "theme_create", "theme:" + consultation + "/" + t.slug,
                              {{"label", t.label}, {"keywords_fr", t.keywords_fr}, {"keywords_bm", t.keywords_bm}}});
            return full(tx, consultation);
        },
        std::move(done));
}

void update_theme(database& db, moderator_info who, std::string consultation, theme_fields t, admin_done done)
{
    in_tx(
        db, "update theme",
        [who = std::move(who), consultation = std::move(consultation), t = std::move(t)](pqxx::work& tx) -> result<json> {
            auto const id = theme_change(tx, consultation, t.version);
            if(! id)
                return id.err();
            auto const r = tx.exec_params("update theme set label = $3::jsonb, keywords_fr = $4::text[], keywords_bm = $5::text[]"
                                          " where consultation_id = $1 and slug = $2",
                                          *id, t.slug, t.label.dump(), text_array_literal(t.keywords_fr),
                                          text_array_literal(t.keywords_bm));
            if(r.affected_rows() == 0)
                return fail(errc::not_found, "No theme \"" + t.slug + "\" in this consultation.", "theme");
            append_audit(tx, {who.email, "theme_update", "theme:" + consultation + "/" + t.slug,
                              {{"label", t.label}, {"keywords_fr", t.keywords_fr}, {"keywords_bm", t.keywords_bm}}});
            return full(tx, consultation);
        },
        std::move(done));
}

void retire_theme(database& db, moderator_info who, std::string consultation, std::string theme,
                  std::optional<std::int64_t> version, admin_done done)
{
    in_tx(
        db, "retire theme",
        [who = std::move(who), consultation = std::move(consultation), theme = std::move(theme), version](pqxx::work& tx) -> result<json> {
            auto const id = theme_change(tx, consultation, version);
            if(! id)
                return id.err();
            auto const r = tx.exec_params("update theme set retired_at = now() where consultation_id = $1 and slug = $2"
                                          " and retired_at is null",
                                          *id, theme);
            if(r.affected_rows() == 0)
                return fail(errc::not_found, "No active theme \"" + theme + "\" in this consultation.", "theme");
            append_audit(tx, {who.email, "theme_retire", "theme:" + consultation + "/" + theme, json::object()});
            return full(tx, consultation);
        },
        std::move(done));
}

void record_reindex(database& db, moderator_info who, std::string consultation, admin_done done)
{
    in_tx(
        db, "record reindex",
        [who = std::move(who), consultation = std::move(consultation)](pqxx::work& tx) -> result<json> {
            auto const id = writable(tx, consultation);
            if(! id)
                return id.err();
            append_audit(tx, {who.email, "consultation_reindex", "consultation:" + consultation, json::object()});
            return json{{"consultation_id", *id}};
        },
        std::move(done));
}

void merge_themes(database& db, moderator_info who, std::string consultation, std::string from, std::string into,
                  std::optional<std::int64_t> version, admin_done done)
{
    in_tx(
        db, "merge themes",
        [who = std::move(who), consultation = std::move(consultation), from = std::move(from), into = std::move(into),
         version](pqxx::work& tx) -> result<json> {
            auto const id = theme_change(tx, consultation, version);
            if(! id)
                return id.err();
            if(from == into)
                return fail(errc::unprocessable, "A theme cannot be merged into itself.", "into");
            auto const themes = tx.exec_params("select slug from theme where consultation_id = $1 and retired_at is null"
                                               " and slug in ($2, $3)",
                                               *id, from, into);
            if(themes.size() != 2)
                return fail(errc::not_found, "Both themes must exist and be active in this consultation.", "into");
            // Each contribution names `into` once, in place of `from`; the count triggers (sql/008, 010) follow.
            auto const moved = tx.exec_params(
                "update contribution set"
                " themes = case when $2 = any(themes) then array(select distinct t from unnest(array_replace(themes, $2, $3)) t)"
                " else themes end,"
                " suggested_themes = case when $2 = any(suggested_themes)"
                " then array(select distinct t from unnest(array_replace(suggested_themes, $2, $3)) t) else suggested_themes end"
                " where consultation_id = $1 and ($2 = any(themes) or $2 = any(suggested_themes))",
                *id, from, into);
            tx.exec_params("update theme set retired_at = now(), merged_into = $3 where consultation_id = $1 and slug = $2", *id,
                           from, into);
            append_audit(tx, {who.email, "theme_merge", "theme:" + consultation + "/" + from,
                              {{"into", into}, {"contributions", moved.affected_rows()}}});
            auto out = full(tx, consultation);
            out["moved"] = moved.affected_rows();
            return out;
        },
        std::move(done));
}

void latest_texts(database& db, std::string slug, int limit, std::function<void(result<std::vector<sample_text>>)> done)
{
    detail::run<std::vector<sample_text>>(
        db, "latest texts",
        [slug = std::move(slug), limit](pqxx::connection_base& conn) -> result<std::vector<sample_text>> {
            pqxx::read_transaction tx(conn);
            auto const c = tx.exec_params("select id from consultation where slug = $1", slug);
            if(c.empty())
                return no_consultation(slug);
            std::vector<sample_text> out;
            // contribution_consultation_time (sql/007) serves this order.
            for(auto const& r : tx.exec_params("select id, display_text from contribution where consultation_id = $1"
                                               " order by received_at desc, id desc limit $2",
                                               c[0][0].as<std::int64_t>(), limit))
                out.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>()});
            return out;
        },
        std::move(done));
}

}  // namespace baro::store
