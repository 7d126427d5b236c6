#include "store/accounts.hpp"

#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

namespace baro::store {

result<std::int64_t> create_account(std::string const& url, std::string const& email, std::string const& role,
                                    std::string const& password_hash)
{
    std::int64_t id = 0;
    bool taken = false;
    auto const s = guarded("create account", [&] {
        auto conn = connect(url);
        pqxx::work tx(*conn);
        auto const r = tx.exec_params("insert into moderator (email, role, password_hash) values (lower($1), $2, $3)"
                                      " on conflict (email) do nothing returning id",
                                      email, role, password_hash);
        if(r.empty())
        {
            taken = true;
            return;
        }
        id = r[0][0].as<std::int64_t>();
        tx.commit();
    });
    if(! s)
        return s.err();
    if(taken)
        return fail(errc::conflict, "an account with e-mail " + email + " already exists");
    return id;
}

status reset_password(std::string const& url, std::string const& email, std::string const& password_hash)
{
    bool found = false;
    auto const s = guarded("reset password", [&] {
        auto conn = connect(url);
        pqxx::work tx(*conn);
        found = tx.exec_params("update moderator set password_hash = $2 where email = lower($1)", email,
                               password_hash).affected_rows() == 1;
        tx.commit();
    });
    if(! s)
        return s.err();
    if(! found)
        return fail(errc::not_found, "no account with e-mail " + email);
    return ok_t{};
}

}  // namespace baro::store
