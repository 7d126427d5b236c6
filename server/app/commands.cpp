#include "app/commands.hpp"

#include "app/audit_command.hpp"
#include "app/config.hpp"
#include "app/export_command.hpp"
#include "app/import_command.hpp"
#include "app/replies_command.hpp"
#include "app/report_command.hpp"
#include "app/serve.hpp"
#include "core/embedded.hpp"
#include "core/log.hpp"
#include "ingest/submission.hpp"
#include "ingest/text_fields.hpp"
#include "moderation/password.hpp"
#include "moderation/rules/credentials.hpp"
#include "moderation/rules/roles.hpp"
#include "store/accounts.hpp"
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"
#include "store/migrations.hpp"
#include "store/reindex.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>
#include <sstream>

#include <unistd.h>

extern char** environ;

namespace baro::app {

namespace {

std::optional<std::string> read_file(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    if(! in)
        return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

result<config> load_config(command_line const& cl)
{
    std::map<std::string, std::string> env;
    for(char** e = environ; *e; ++e)
    {
        std::string_view kv(*e);
        auto const eq = kv.find('=');
        if(eq != std::string_view::npos && kv.substr(0, 5) == "BARO_")
            env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    std::string json_text;
    if(! cl.config_file.empty())
    {
        auto text = read_file(cl.config_file);
        if(! text)
            return fail(errc::bad_request, "--config: cannot read " + cl.config_file);
        json_text = *text;
    }
    auto cfg = parse_config(env, json_text);
    if(! cfg)
        return cfg;
    if(! cfg->secrets_file.empty())
    {
        auto text = read_file(cfg->secrets_file);
        if(! text)
            return fail(errc::bad_request, "BARO_SECRETS_FILE: cannot read " + cfg->secrets_file);
        if(auto s = parse_secrets(*text, cfg->keys); ! s)
            return s.err();
    }
    return cfg;
}

int fail_with(error const& e, int code = 1)
{
    std::cerr << "baro: " << e.message << "\n";
    return code;
}

int cmd_migrate(config const& cfg)
{
    auto r = store::migrate(cfg.database_url);
    if(! r)
        return fail_with(r.err());
    for(auto const& name : r->applied)
        std::cout << "applied " << name << "\n";
    std::cout << r->applied.size() << " applied, " << r->already << " already up to date\n";
    return 0;
}

nlohmann::json labels(command_line const& cl, char const* fr, char const* bm, char const* en)
{
    nlohmann::json j = nlohmann::json::object();
    for(auto [key, opt] : {std::pair{"fr", fr}, std::pair{"bm", bm}, std::pair{"en", en}})
        if(cl.options.count(opt))
            j[key] = cl.options.at(opt);
    return j;
}

int cmd_consultation(config const& cfg, command_line const& cl)
{
    auto const sub = cl.words.size() > 1 ? cl.words[1] : "";
    if(sub == "list")
    {
        auto c = store::load_catalog(cfg.database_url);
        if(! c)
            return fail_with(c.err());
        for(auto const& x : *c)
            std::cout << x.slug << "\t" << (x.open() ? "open" : "closed") << "\t" << x.themes.size() << " themes\t"
                      << (x.title.contains("fr") ? x.title["fr"].get<std::string>() : "") << "\n";
        return 0;
    }
    if(sub == "create")
    {
        store::new_consultation c;
        c.slug = cl.options.count("slug") ? cl.options.at("slug") : "";
        c.title = labels(cl, "title", "title-bm", "title-en");
        c.sms_keyword = cl.options.count("keyword") ? cl.options.at("keyword") : "";
        if(c.slug.empty() || ! c.title.contains("fr"))
        {
            std::cerr << "baro: consultation create needs --slug S and --title TITLE\n";
            return 2;
        }
        auto r = store::create_consultation(cfg.database_url, c);
        if(! r)
            return fail_with(r.err(), r.err().code == errc::conflict ? 3 : 1);
        std::cout << "created consultation " << c.slug << " (id " << *r << ")\n";
        return 0;
    }
    std::cerr << help_text(cl.words);
    return 2;
}

// Contributions for moderators to triage on a fresh install: real Bambara and French lines, through
// the same ingest path as the web form (so they carry language, key and themes). Idempotent.
result<std::size_t> seed_demo_contributions(config const& cfg, std::string const& slug)
{
    auto const* f = embedded::find(embedded::seeds(), "demo_contributions.json");
    if(! f)
        return std::size_t{0};
    auto catalog = store::load_catalog(cfg.database_url);
    if(! catalog)
        return catalog.err();
    ingest::prepare_catalog(*catalog);
    store::contribution_writer writer(cfg.database_url);
    std::vector<std::future<result<store::insert_outcome>>> pending;
    std::size_t n = 0;
    auto const seed = nlohmann::json::parse(f->content);  // named: a temporary would die before the loop
    for(auto const& item : seed.at("items"))
    {
        auto row = ingest::prepare_web(
            *catalog, {slug, item.at("text").get<std::string>(), item.value("region", ""), "seed-" + std::to_string(n++), {}, {}});
        if(! row)
            return row.err();
        auto done = std::make_shared<std::promise<result<store::insert_outcome>>>();
        pending.push_back(done->get_future());
        writer.submit(std::move(*row), [done](result<store::insert_outcome> r) { done->set_value(std::move(r)); });
    }
    std::size_t added = 0;
    for(auto& p : pending)
    {
        auto r = p.get();
        if(! r)
            return r.err();
        added += r->duplicate ? 0 : 1;
    }
    writer.stop();
    return added;
}

int cmd_seed_demo(config const& cfg, bool with_contributions)
{
    auto const* f = embedded::find(embedded::seeds(), "matransition.json");
    if(! f)
        return fail_with(fail(errc::internal, "the demo seed is missing from this build"));
    auto const j = nlohmann::json::parse(f->content);
    store::new_consultation c;
    c.slug = j.at("slug").get<std::string>();
    c.title = j.at("title");
    c.description = j.at("description");
    c.sms_keyword = j.value("sms_keyword", "");
    // Keyword lexicons mined from the parallel corpus (sql/seed/lexicons.json) replace the hand-written ones.
    nlohmann::json mined = nlohmann::json::array();
    if(auto const* lex = embedded::find(embedded::seeds(), "lexicons.json"))
        mined = nlohmann::json::parse(lex->content);
    for(auto const& t : j.at("themes"))
    {
        store::theme_info theme{t.at("slug").get<std::string>(), t.at("label"), t.at("fr").get<std::vector<std::string>>(),
                                t.at("bm").get<std::vector<std::string>>()};
        for(auto const& m : mined)
            if(m.value("slug", "") == theme.slug)
            {
                if(m.contains("fr"))
                    theme.keywords_fr = m.at("fr").get<std::vector<std::string>>();
                if(m.contains("bm"))
                    theme.keywords_bm = m.at("bm").get<std::vector<std::string>>();
                if(m.contains("label"))
                    theme.label = m.at("label");
            }
        c.themes.push_back(std::move(theme));
    }
    auto r = store::upsert_consultation(cfg.database_url, c);
    if(! r)
        return fail_with(r.err());
    std::cout << "demo consultation " << c.slug << " ready (id " << *r << ", " << c.themes.size() << " themes)\n";
    if(! with_contributions)
        return 0;
    auto const added = seed_demo_contributions(cfg, c.slug);
    if(! added)
        return fail_with(added.err());
    std::cout << *added << " new demo contributions to triage\n";
    return 0;
}

// A progress bar on a terminal; a line every tenth otherwise (logs, CI).
void show_progress(std::int64_t done, std::int64_t total)
{
    static int last_tenth = -1;
    int const percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if(isatty(STDERR_FILENO))
    {
        int const filled = percent * 30 / 100;
        std::fprintf(stderr, "\rreindex [%.*s%*s] %3d%%  %lld/%lld", filled, "##############################", 30 - filled, "",
                     percent, static_cast<long long>(done), static_cast<long long>(total));
        if(done == total)
            std::fputc('\n', stderr);
    }
    else if(percent / 10 != last_tenth)
    {
        last_tenth = percent / 10;
        std::fprintf(stderr, "reindex %d%% (%lld/%lld)\n", percent, static_cast<long long>(done), static_cast<long long>(total));
    }
}

int cmd_reindex(config const& cfg, command_line const& cl)
{
    auto catalog = store::load_catalog(cfg.database_url);
    if(! catalog)
        return fail_with(catalog.err());
    ingest::prepare_catalog(*catalog);
    std::optional<std::int64_t> scope;
    if(auto it = cl.options.find("consultation"); it != cl.options.end())
    {
        auto const* c = store::find_by_slug(*catalog, it->second);
        if(! c)
            return fail_with(fail(errc::not_found, "no consultation named \"" + it->second + "\""));
        scope = c->id;
    }
    store::consultation_info const unrouted;  // no consultation: no themes
    auto const recompute = [&](std::optional<std::int64_t> id, std::string const& raw, store::contribution_row& row) {
        auto const* c = &unrouted;
        for(auto const& each : *catalog)
            if(id && each.id == *id)
                c = &each;
        ingest::fill_text_fields(row, *c, raw);
    };
    auto const n = store::reindex(cfg.database_url, scope, recompute, show_progress);
    if(! n)
        return fail_with(n.err());
    std::cout << "reindexed " << *n << " contributions\n";
    return 0;
}

}  // namespace

int cmd_user_add(config const& cfg, command_line const& cl)
{
    auto const email = cl.options.count("email") ? cl.options.at("email") : "";
    auto const role = cl.options.count("role") ? cl.options.at("role") : "";
    bool const reset = cl.options.count("reset") > 0;
    bool const role_ok = moderation::parse_role(role) || (reset && role.empty());
    if(email.find('@') == std::string::npos || ! role_ok || (cl.options.count("reset-totp") && ! reset))
    {
        std::cerr << "baro: user add needs --email ADDRESS and --role admin|moderator|analyst"
                     " (or --email ADDRESS --reset [--reset-totp])\n";
        return 2;
    }
    auto const password = moderation::one_time_password();
    auto const hash = moderation::hash_password(password);
    if(reset)
    {
        auto r = store::reset_account(cfg.database_url, {email, hash, cl.options.count("reset-totp") > 0, role});
        if(! r)
            return fail_with(r.err(), r.err().code == errc::conflict ? 3 : 1);
        std::cout << "account: " << r->email << " (" << r->role << ")\n"
                  << "sessions ended: " << r->sessions_ended << "\n"
                  << (r->totp_removed ? "second factor removed\n" : "") << "one-time password: " << password << "\n"
                  << "it must be changed at the first login\n";
        return 0;
    }
    auto r = store::create_account(cfg.database_url, email, role, hash);
    if(! r)
        return fail_with(r.err(), r.err().code == errc::conflict ? 3 : 1);
    std::cout << "account: " << moderation::normalise_email(email) << " (" << role << ")\n"
              << "one-time password: " << password << "\n"
              << "it must be changed at the first login\n";
    return 0;
}

int run_command(command_line const& cl)
{
    auto cfg = load_config(cl);
    if(! cfg)
    {
        std::cerr << "baro: invalid configuration: " << cfg.err().message << "\n";
        return 2;
    }
    if(cfg->log_debug)
        log::set_level(log::level::debug);
    auto const& cmd = cl.words[0];
    if(cmd == "serve")
        return serve(*cfg);
    if(cmd == "migrate")
        return cmd_migrate(*cfg);
    if(cmd == "user" && cl.words.size() > 1 && cl.words[1] == "add")
        return cmd_user_add(*cfg, cl);
    if(cmd == "consultation")
        return cmd_consultation(*cfg, cl);
    if(cmd == "seed-demo")
        return cmd_seed_demo(*cfg, ! cl.options.count("without-contributions"));
    if(cmd == "reindex")
        return cmd_reindex(*cfg, cl);
    if(cmd == "replies")
        return cmd_replies(*cfg, cl);
    if(cmd == "audit" && cl.words.size() > 1 && cl.words[1] == "verify")
        return cmd_audit_verify(*cfg);
    if(cmd == "export")
        return cmd_export(*cfg, cl);
    if(cmd == "import")
        return cmd_import(*cfg, cl);
    if(cmd == "report")
        return cmd_report(*cfg, cl);
    std::cerr << "baro: unknown command \"" << cmd << "\"\n" << help_text({});
    return 2;
}

}  // namespace baro::app
