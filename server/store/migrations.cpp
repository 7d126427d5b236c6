#include "store/migrations.hpp"

#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {
constexpr long long migration_lock_key = 0x6261726f6d6967;  // "baromig"
}

result<migrate_report> migrate(std::string const& url)
{
    migrate_report report;
    std::string mismatch;
    auto const s = guarded("migrate", [&] {
        auto conn = connect(url);
        pqxx::nontransaction(*conn).exec("select pg_advisory_lock(" + std::to_string(migration_lock_key) + ")");
        {
            pqxx::work tx(*conn);
            tx.exec("create table if not exists schema_migrations ("
                    " name text primary key, checksum text not null, applied_at timestamptz not null default now())");
            tx.commit();
        }
        for(auto const& m : embedded::migrations())
        {
            std::string const name(m.path.substr(0, m.path.rfind(".sql")));
            std::string const checksum = crypto::to_hex(crypto::sha256(m.content));
            pqxx::work tx(*conn);
            auto const found = tx.exec_params("select checksum from schema_migrations where name = $1", name);
            if(! found.empty())
            {
                if(found[0][0].as<std::string>() != checksum)
                {
                    mismatch = name;
                    return;
                }
                ++report.already;
                continue;
            }
            tx.exec(std::string(m.content));
            tx.exec_params("insert into schema_migrations (name, checksum) values ($1, $2)", name, checksum);
            tx.commit();
            report.applied.push_back(name);
        }
        pqxx::nontransaction(*conn).exec("select pg_advisory_unlock(" + std::to_string(migration_lock_key) + ")");
    });
    if(! s)
        return s.err();
    if(! mismatch.empty())
        return fail(errc::conflict, "migration " + mismatch + " was changed after it was applied; add a new migration instead");
    return report;
}

}  // namespace baro::store
