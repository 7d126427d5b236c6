#include "store/accounts.hpp"

#include "store/audit.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <pqxx/pqxx>

#include <optional>

namespace baro::store {

result<std::int64_t> create_account(std::string const& url, std::string const& email, std::string const& role,
                                    std::string const& password_hash)
{
    std::int64_t id = 0;
    bool taken = false;
    auto const s = guarded("create account", [&] {
        auto conn = connect(url);
        pqxx::work tx(*conn);
        auto const r = tx.exec_params("insert into moderator (email, role, password_hash, must_change_password)"
                                      " values (lower(btrim($1)), $2, $3, true)"
                                      " on conflict ((lower(email))) do nothing returning id",
                                      email, role, password_hash);
        if(r.empty())
        {
            taken = true;
            return;
        }
        id = r[0][0].as<std::int64_t>();
        append_audit(tx, {"cli", "account_created", "moderator:" + std::to_string(id), {{"role", role}}});
        tx.commit();
    });
    if(! s)
        return s.err();
    if(taken)
        return fail(errc::conflict, "an account with e-mail " + email + " already exists");
    return id;
}

result<reset_outcome> reset_account(std::string const& url, account_reset const& r)
{
    std::optional<reset_outcome> out;
    std::string stored_role;
    auto const s = guarded("reset account", [&] {
        auto conn = connect(url);
        pqxx::work tx(*conn);
        auto const row = tx.exec_params("update moderator set password_hash = $2, must_change_password = true,"
                                        "  totp_secret = case when $3 then null else totp_secret end,"
                                        "  totp_confirmed = totp_confirmed and not $3,"
                                        "  recovery_codes = case when $3 then '{}' else recovery_codes end"
                                        " where lower(email) = lower(btrim($1)) returning id, email, role",
                                        r.email, r.password_hash, r.reset_totp);
        if(row.empty())
            return;
        if(! r.role.empty() && row[0][2].as<std::string>() != r.role)
        {
            stored_role = row[0][2].as<std::string>();
            return;  // rolled back: nothing changed
        }
        reset_outcome o;
        o.id = row[0][0].as<std::int64_t>();
        o.email = row[0][1].as<std::string>();
        o.role = row[0][2].as<std::string>();
        o.totp_removed = r.reset_totp;
        o.sessions_ended = tx.exec_params("delete from moderator_session where moderator_id = $1", o.id).affected_rows();
        auto const account = "id:" + std::to_string(o.id);
        tx.exec_params("delete from login_throttle where key = $1 or key like $2", "account:" + account,
                       "pair:" + account + "|%");
        append_audit(tx, {"cli",
                          "account_reset",
                          "moderator:" + std::to_string(o.id),
                          {{"sessions_ended", o.sessions_ended}, {"totp_removed", o.totp_removed}}});
        tx.commit();
        out = std::move(o);
    });
    if(! s)
        return s.err();
    if(! stored_role.empty())
        return fail(errc::conflict, r.email + " has role " + stored_role + ", not " + r.role +
                                        "; --reset never changes a role (nothing was changed)");
    if(! out)
        return fail(errc::not_found, "no account with e-mail " + r.email);
    return std::move(*out);
}

}  // namespace baro::store
