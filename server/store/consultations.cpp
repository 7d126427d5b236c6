#include "store/consultations.hpp"

#include "store/array_literal.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

#include <chrono>

namespace baro::store {

namespace {

std::vector<std::string> parse_text_array(pqxx::field const& f)
{
    std::vector<std::string> out;
    if(f.is_null())
        return out;
    auto parser = f.as_array();
    for(auto item = parser.get_next(); item.first != pqxx::array_parser::done; item = parser.get_next())
        if(item.first == pqxx::array_parser::string_value)
            out.push_back(item.second);
    return out;
}

catalog read_catalog(pqxx::transaction_base& tx)
{
    catalog out;
    // Drafts are invisible to the public and take nothing: the catalog never holds them.
    auto const cs = tx.exec("select id, slug, title::text, description::text, coalesce(sms_keyword, ''), status,"
                            " extract(epoch from opens_at)::bigint, extract(epoch from closes_at)::bigint, channels,"
                            " recipients, default_unrouted, coalesce((questions->>'region')::boolean, true),"
                            " coalesce((questions->>'gender')::boolean, false), coalesce((questions->>'age_band')::boolean, false)"
                            " from consultation where status <> 'draft' order by id");
    for(auto const& r : cs)
    {
        consultation_info c;
        c.id = r[0].as<std::int64_t>();
        c.slug = r[1].as<std::string>();
        c.title = nlohmann::json::parse(r[2].as<std::string>());
        c.description = nlohmann::json::parse(r[3].as<std::string>());
        c.sms_keyword = r[4].as<std::string>();
        c.status = moderation::parse_status(r[5].as<std::string>()).value_or(moderation::phase::closed);
        if(! r[6].is_null())
            c.opens_at = r[6].as<std::int64_t>();
        if(! r[7].is_null())
            c.closes_at = r[7].as<std::int64_t>();
        c.channels = parse_text_array(r[8]);
        c.recipients = parse_text_array(r[9]);
        c.default_unrouted = r[10].as<bool>();
        c.ask_region = r[11].as<bool>();
        c.demographics = {r[12].as<bool>(), r[13].as<bool>()};
        out.push_back(std::move(c));
    }
    auto const ts = tx.exec(
        "select consultation_id, slug, label::text, keywords_fr, keywords_bm, retired_at is not null from theme"
        " order by consultation_id, position, id");
    for(auto const& r : ts)
    {
        auto const cid = r[0].as<std::int64_t>();
        for(auto& c : out)
            if(c.id == cid)
                c.themes.push_back(theme_info{r[1].as<std::string>(), nlohmann::json::parse(r[2].as<std::string>()),
                                              parse_text_array(r[3]), parse_text_array(r[4]), r[5].as<bool>()});
    }
    return out;
}

void write_themes(pqxx::work& tx, std::int64_t id, std::vector<theme_info> const& themes)
{
    int position = 0;
    for(auto const& t : themes)
        tx.exec_params("insert into theme (consultation_id, slug, position, label, keywords_fr, keywords_bm)"
                       " values ($1, $2, $3, $4::jsonb, $5::text[], $6::text[])"
                       " on conflict (consultation_id, slug) do update set position = excluded.position,"
                       " label = excluded.label, keywords_fr = excluded.keywords_fr, keywords_bm = excluded.keywords_bm",
                       id, t.slug, position++, t.label.dump(), text_array_literal(t.keywords_fr),
                       text_array_literal(t.keywords_bm));
}

result<std::int64_t> save(std::string const& url, new_consultation const& c, bool upsert)
{
    std::int64_t id = 0;
    bool exists = false;
    auto const s = guarded("save consultation", [&] {
        auto conn = connect(url);
        pqxx::work tx(*conn);
        auto const found = tx.exec_params("select id from consultation where slug = $1", c.slug);
        if(! found.empty() && ! upsert)
        {
            exists = true;
            return;
        }
        if(found.empty())
            id = tx.exec_params("insert into consultation (slug, title, description, sms_keyword)"
                                " values ($1, $2::jsonb, $3::jsonb, nullif($4, '')) returning id",
                                c.slug, c.title.dump(), c.description.dump(), c.sms_keyword)[0][0]
                     .as<std::int64_t>();
        else
        {
            id = found[0][0].as<std::int64_t>();
            tx.exec_params("update consultation set title = $2::jsonb, description = $3::jsonb,"
                           " sms_keyword = nullif($4, '') where id = $1",
                           id, c.title.dump(), c.description.dump(), c.sms_keyword);
        }
        write_themes(tx, id, c.themes);
        tx.commit();
    });
    if(! s)
        return s.err();
    if(exists)
        return fail(errc::conflict, "a consultation with slug \"" + c.slug + "\" already exists");
    return id;
}

}  // namespace

moderation::phase consultation_info::phase() const
{
    auto const now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return moderation::phase_at(status, opens_at, closes_at, now.count());
}

consultation_info const* find_by_slug(catalog const& c, std::string_view slug)
{
    for(auto const& x : c)
        if(x.slug == slug)
            return &x;
    return nullptr;
}

std::shared_ptr<consultation_info const> catalog_cache::find(std::string_view slug) const
{
    auto snapshot = get();
    auto const* c = find_by_slug(*snapshot, slug);
    // Aliasing: the pointer shares ownership of the whole snapshot it points into.
    return c ? std::shared_ptr<consultation_info const>(std::move(snapshot), c) : nullptr;
}

result<catalog> load_catalog(std::string const& url)
{
    catalog out;
    auto const s = guarded("load catalog", [&] {
        auto conn = connect(url);
        pqxx::read_transaction tx(*conn);
        out = read_catalog(tx);
    });
    if(! s)
        return s.err();
    return out;
}

std::shared_ptr<catalog const> catalog_cache::get() const
{
    std::lock_guard lock(mutex_);
    return current_;
}

void catalog_cache::set(catalog c)
{
    if(prepare_)
        prepare_(c);
    auto next = std::make_shared<catalog const>(std::move(c));
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
}

void catalog_cache::refresh(database& db, std::function<void(bool)> done)
{
    db.post([this, done = std::move(done)](pqxx::connection_base* conn) {
        bool ok = false;
        if(conn)
        {
            catalog loaded;
            ok = static_cast<bool>(guarded("refresh catalog", [&] {
                pqxx::read_transaction tx(*conn);
                loaded = read_catalog(tx);
            }));
            if(ok)
                set(std::move(loaded));
        }
        if(done)
            done(ok);
    });
}

result<std::int64_t> create_consultation(std::string const& url, new_consultation const& c) { return save(url, c, false); }

result<std::int64_t> upsert_consultation(std::string const& url, new_consultation const& c) { return save(url, c, true); }

}  // namespace baro::store
