#include "test_database.hpp"

#include "core/crypto.hpp"
#include "store/consultations.hpp"
#include "store/duplicate_grouper.hpp"
#include "store/migrations.hpp"
#include "store/search_indexer.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace baro::testing {

namespace {
struct database_guard
{
    std::string admin, name, url;
    database_guard()
    {
        char const* a = std::getenv("BARO_TEST_DATABASE_URL");
        if(! a || ! *a)
            throw std::runtime_error("BARO_TEST_DATABASE_URL is not set: run tests through tests/run.sh");
        admin = a;
        name = "baro_db_" + crypto::random_hex(4);
        {
            pqxx::connection c(admin);
            pqxx::nontransaction(c).exec("create database " + name);
        }
        auto const slash = admin.rfind('/');
        url = admin.substr(0, slash + 1) + name;
        auto const r = store::migrate(url);
        if(! r)
            throw std::runtime_error("migrate failed: " + r.err().message);
    }
    ~database_guard()
    {
        try
        {
            pqxx::connection c(admin);
            pqxx::nontransaction(c).exec("drop database if exists " + name + " with (force)");
        }
        catch(...)
        {
        }
    }
};
}  // namespace

std::string const& database_url()
{
    static database_guard const g;
    return g.url;
}

std::string scalar(std::string const& sql)
{
    pqxx::connection c(database_url());
    pqxx::nontransaction tx(c);
    auto const r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string{} : r[0][0].as<std::string>();
}

void exec(std::string const& sql)
{
    pqxx::connection c(database_url());
    pqxx::work tx(c);
    tx.exec(sql);
    tx.commit();
}

void index_search()
{
    for(;;)
    {
        auto const n = store::index_pending(database_url());
        if(! n)
            throw std::runtime_error("index_pending failed: " + n.err().message);
        if(*n == 0)
            return;
    }
}

void group_duplicates(int batch)
{
    for(;;)
    {
        auto const n = store::group_pending(database_url(), batch, true);
        REQUIRE(n.ok());  // each round, as the tests' own loops checked before this helper
        if(*n == 0)
            return;
    }
}

std::int64_t new_consultation(std::vector<store::theme_info> themes)
{
    store::new_consultation c;
    c.slug = "t" + crypto::random_hex(4);
    c.title = {{"fr", "Test"}};
    c.themes = themes.empty() ? std::vector<store::theme_info>{{"securite", {{"fr", "Sécurité"}}, {"sécurité"}, {"lakana"}}}
                              : std::move(themes);
    auto id = store::create_consultation(database_url(), c);
    if(! id)
        throw std::runtime_error("could not create a consultation: " + id.err().message);
    return *id;
}

}  // namespace baro::testing
