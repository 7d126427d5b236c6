#include "store/account_admin.hpp"

#include "store/async.hpp"
#include "store/audit.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

// One account as the list shows it.
constexpr char const* account_json =
    "json_build_object('id', id, 'email', email, 'role', role,"
    " 'state', case when disabled_at is not null then 'disabled' when must_change_password then 'invited' else 'active' end,"
    " 'totp', totp_confirmed, 'must_enrol_totp', must_enrol_totp and not totp_confirmed,"
    " 'last_login_at', to_char(last_login_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " 'created_at', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'version', version)";

// Every change of an account's role or state takes this transaction-scoped lock first: two admins
// demoting the two last admins at once queue here, and the second counts the admins the first left.
constexpr std::int64_t accounts_lock = 0x6261726f61636374;  // "baroacct"

std::string subject(std::int64_t id) { return "moderator:" + std::to_string(id); }

std::int64_t end_sessions(pqxx::work& tx, std::int64_t id)
{
    return tx.exec_params("delete from moderator_session where moderator_id = $1", id).affected_rows();
}

}  // namespace

void list_accounts(database& db, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "list accounts",
        [](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::read_transaction tx(conn);
            auto const r = tx.exec(std::string("select coalesce(json_agg(") + account_json +
                                   " order by id), '[]')::text from moderator");
            return nlohmann::json{{"accounts", nlohmann::json::parse(r[0][0].as<std::string>())}};
        },
        std::move(done));
}

void invite_account(database& db, invitation inv, password_hash_fn hash, std::function<void(result<nlohmann::json>)> done)
{
    detail::run<nlohmann::json>(
        db, "invite account",
        [inv = std::move(inv), hash = std::move(hash)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            auto const password_hash = hash(inv.one_time_password);
            pqxx::work tx(conn);
            auto const role = std::string(moderation::to_string(inv.role));
            auto const r = tx.exec_params(std::string("insert into moderator (email, role, password_hash, must_change_password,"
                                                      " must_enrol_totp) values (lower(btrim($1)), $2, $3, true, true)"
                                                      " on conflict ((lower(email))) do nothing returning id, ") +
                                              account_json + "::text",
                                          inv.email, role, password_hash);
            if(r.empty())
                return fail(errc::conflict, "An account with this e-mail already exists.", "email", "email_taken");
            auto const id = r[0][0].as<std::int64_t>();
            append_audit(tx, {inv.by.email, "account_invited", subject(id), {{"role", role}}});
            tx.commit();
            return nlohmann::json::parse(r[0][1].as<std::string>());
        },
        std::move(done));
}

void change_account(database& db, account_change c, std::function<void(result<nlohmann::json>)> done)
{
    using moderation::account_action;
    detail::run<nlohmann::json>(
        db, "change account",
        [c = std::move(c)](pqxx::connection_base& conn) -> result<nlohmann::json> {
            pqxx::work tx(conn);
            tx.exec_params("select pg_advisory_xact_lock($1)", accounts_lock);
            // The acting admin must still be an enabled admin now that the lock is held.
            auto const actor = tx.exec_params("select 1 from moderator where id = $1 and role = 'admin' and disabled_at is null",
                                              c.by.id);
            if(actor.empty())
                return fail(errc::forbidden, "Your account may no longer manage accounts.");
            auto const row = tx.exec_params("select role, disabled_at is null, version from moderator where id = $1", c.id);
            if(row.empty())
                return fail(errc::not_found, "No such account.");
            auto const stored_role = row[0][0].as<std::string>();
            moderation::account_facts const facts{c.id, moderation::parse_role(stored_role), row[0][1].as<bool>()};
            auto const version = row[0][2].as<std::int64_t>();
            if(c.version && *c.version != version)
                return fail(errc::conflict,
                            "This account was changed by someone else since you read it (now version " +
                                std::to_string(version) + "): reload it and decide again.",
                            "version", "version");
            auto const admins =
                tx.exec("select count(*) from moderator where role = 'admin' and disabled_at is null")[0][0].as<std::int64_t>();
            if(auto const refused = moderation::account_refusal_of(c.by.id, facts, c.action, c.new_role, admins))
                return fail(errc::conflict, refused->message, c.action == account_action::change_role ? "role" : "",
                            refused->key);
            nlohmann::json detail = nlohmann::json::object();
            switch(c.action)
            {
            case account_action::change_role:
                detail = {{"from", stored_role}, {"to", moderation::to_string(*c.new_role)}};
                tx.exec_params("update moderator set role = $2, version = version + 1 where id = $1", c.id,
                               std::string(moderation::to_string(*c.new_role)));
                break;
            case account_action::disable:
                tx.exec_params("update moderator set disabled_at = coalesce(disabled_at, now()), version = version + 1"
                               " where id = $1",
                               c.id);
                detail["sessions_ended"] = end_sessions(tx, c.id);
                break;
            case account_action::enable:
                tx.exec_params("update moderator set disabled_at = null, version = version + 1 where id = $1", c.id);
                break;
            case account_action::reset_totp:
                // Ending the sessions makes the next login the one that enrols.
                tx.exec_params("update moderator set totp_secret = null, totp_confirmed = false, recovery_codes = '{}',"
                               " must_enrol_totp = true, version = version + 1 where id = $1",
                               c.id);
                detail["sessions_ended"] = end_sessions(tx, c.id);
                break;
            case account_action::sign_out: detail["sessions_ended"] = end_sessions(tx, c.id); break;
            }
            auto const after =
                tx.exec_params(std::string("select ") + account_json + "::text from moderator where id = $1", c.id);
            append_audit(tx, {c.by.email, std::string(moderation::audit_action(c.action)), subject(c.id), detail});
            tx.commit();
            auto out = nlohmann::json::parse(after[0][0].as<std::string>());
            out["sessions_ended"] = detail.value("sessions_ended", 0);
            return out;
        },
        std::move(done));
}

}  // namespace baro::store
