#include "store/sessions.hpp"

#include "core/crypto.hpp"
#include "store/async.hpp"
#include "store/audit.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

std::string seconds(std::chrono::seconds s) { return "interval '" + std::to_string(s.count()) + " seconds'"; }

std::string token_hash(std::string const& token) { return crypto::to_hex(crypto::sha256(token)); }

moderator_info read_moderator(pqxx::row const& r)
{
    return {r["id"].as<std::int64_t>(), r["email"].as<std::string>(), r["role"].as<std::string>(),
            r["totp_confirmed"].as<bool>()};
}

void record_attempt(pqxx::work& tx, login_request const& req, bool ok)
{
    tx.exec_params("insert into login_attempt (email, address, ok) values ($1, $2, $3)", req.email, req.address, ok);
    tx.exec("delete from login_attempt where at < now() - interval '1 day'");
}

}  // namespace

void login(database& db, login_request req, password_check check_password, totp_check check_totp,
           recovery_hash hash_recovery, std::function<void(result<login_result>)> done)
{
    detail::run<login_result>(
        db, "login",
        [req = std::move(req), check_password = std::move(check_password), check_totp = std::move(check_totp),
         hash_recovery = std::move(hash_recovery)](pqxx::connection_base& conn) -> result<login_result> {
            pqxx::work tx(conn);
            auto const window = seconds(std::chrono::duration_cast<std::chrono::seconds>(throttle_window));
            auto const failures = tx.exec_params(
                "select (select count(*) from login_attempt where email = $1 and not ok and at > now() - " + window + "),"
                "       (select count(*) from login_attempt where address = $2 and not ok and at > now() - " + window + ")",
                req.email, req.address)[0];
            if(failures[0].as<int>() >= max_failures_per_account || failures[1].as<int>() >= max_failures_per_address)
            {
                record_attempt(tx, req, false);
                tx.commit();
                return fail(errc::too_many_requests, "Too many failed attempts. Wait a few minutes and try again.");
            }
            auto const found = tx.exec_params(
                "select id, email, role, password_hash, totp_secret, totp_confirmed, totp_last_step, recovery_codes"
                " from moderator where email = $1 and disabled_at is null",
                req.email);
            // The same work and the same answer whether the account exists or not: check_password
            // hashes against a decoy when given no hash.
            bool const password_ok =
                check_password(req.password, found.empty() ? std::string{} : found[0]["password_hash"].as<std::string>()) &&
                ! found.empty();
            auto audit_failure = [&](std::string const& why) {
                record_attempt(tx, req, false);
                append_audit(tx, {req.email, "login_failed", "", {{"reason", why}}});
                tx.commit();
            };
            if(! password_ok)
            {
                audit_failure("password");
                return fail(errc::unauthorized, "Wrong e-mail or password.");
            }
            auto const& m = found[0];
            auto const who = read_moderator(m);
            if(who.totp_confirmed)
            {
                if(req.code.empty())
                {
                    tx.abort();
                    return fail(errc::unauthorized, "Enter the code from your authenticator app.", "code", "code_needed");
                }
                auto const step = check_totp(m["totp_secret"].as<std::string>(), req.code,
                                             m["totp_last_step"].as<std::int64_t>());
                if(step)
                    tx.exec_params("update moderator set totp_last_step = $2 where id = $1", who.id, *step);
                else
                {
                    // A recovery code works once.
                    auto const used = tx.exec_params(
                        "update moderator set recovery_codes = array_remove(recovery_codes, $2)"
                        " where id = $1 and $2 = any(recovery_codes) returning id",
                        who.id, hash_recovery(req.code));
                    if(used.empty())
                    {
                        audit_failure("second factor");
                        return fail(errc::unauthorized, "This code is not valid. Codes change every 30 seconds.", "code",
                                    "code_wrong");
                    }
                    append_audit(tx, {who.email, "recovery_code_used", "moderator:" + std::to_string(who.id), {}});
                }
            }
            login_result out;
            out.token = crypto::random_hex(32);   // 256 bits
            out.session = {who, crypto::random_hex(32)};
            // A fresh token at every login: a token planted before login is never adopted (no fixation).
            tx.exec_params("insert into moderator_session (token_hash, moderator_id, csrf_token) values ($1, $2, $3)",
                           token_hash(out.token), who.id, out.session.csrf);
            record_attempt(tx, req, true);
            append_audit(tx, {who.email, "login", "moderator:" + std::to_string(who.id), {}});
            tx.commit();
            return out;
        },
        std::move(done));
}

void find_session(database& db, std::string token, std::function<void(result<session_info>)> done)
{
    if(token.empty())
        return done(fail(errc::unauthorized, "Log in first."));
    detail::run<session_info>(
        db, "find session",
        [token = std::move(token)](pqxx::connection_base& conn) -> result<session_info> {
            // A read, and a write at most once a minute: the idle expiry is kept to the minute
            // without a WAL-writing commit on every request of a busy console.
            pqxx::work tx(conn);
            auto const hash = token_hash(token);
            auto const r = tx.exec_params(
                "select m.id, m.email, m.role, m.totp_confirmed, s.csrf_token,"
                "       s.last_seen < now() - interval '1 minute' as stale"
                " from moderator_session s join moderator m on m.id = s.moderator_id"
                " where s.token_hash = $1 and m.disabled_at is null"
                "   and s.last_seen > now() - " + seconds(session_idle) +
                "   and s.created_at > now() - " + seconds(session_absolute),
                hash);
            if(r.empty())
                return fail(errc::unauthorized, "Your session has ended. Log in again.");
            if(r[0]["stale"].as<bool>())
                tx.exec_params("update moderator_session set last_seen = now() where token_hash = $1", hash);
            tx.commit();
            return session_info{read_moderator(r[0]), r[0]["csrf_token"].as<std::string>()};
        },
        std::move(done));
}

void logout(database& db, std::string token, bool everywhere, std::function<void(status)> done)
{
    detail::run<ok_t>(
        db, "logout",
        [token = std::move(token), everywhere](pqxx::connection_base& conn) -> status {
            pqxx::work tx(conn);
            auto const who = tx.exec_params(
                "select m.id, m.email from moderator_session s join moderator m on m.id = s.moderator_id"
                " where s.token_hash = $1",
                token_hash(token));
            if(who.empty())
                return ok_t{};
            if(everywhere)
                tx.exec_params("delete from moderator_session where moderator_id = $1", who[0][0].as<std::int64_t>());
            else
                tx.exec_params("delete from moderator_session where token_hash = $1", token_hash(token));
            append_audit(tx, {who[0][1].as<std::string>(), everywhere ? "logout_everywhere" : "logout",
                              "moderator:" + who[0][0].as<std::string>(), {}});
            tx.commit();
            return ok_t{};
        },
        std::move(done));
}

void totp_begin(database& db, std::int64_t moderator_id, std::string secret, std::function<void(status)> done)
{
    detail::run<ok_t>(
        db, "totp begin",
        [moderator_id, secret = std::move(secret)](pqxx::connection_base& conn) -> status {
            pqxx::work tx(conn);
            auto const r = tx.exec_params(
                "update moderator set totp_secret = $2 where id = $1 and not totp_confirmed returning email",
                moderator_id, secret);
            if(r.empty())
                return fail(errc::conflict, "A second factor is already enrolled.");
            tx.commit();
            return ok_t{};
        },
        std::move(done));
}

void totp_confirm(database& db, std::int64_t moderator_id, std::string code, totp_check check,
                  std::vector<std::string> recovery_hashes, std::function<void(status)> done)
{
    detail::run<ok_t>(
        db, "totp confirm",
        [moderator_id, code = std::move(code), check = std::move(check),
         hashes = std::move(recovery_hashes)](pqxx::connection_base& conn) -> status {
            pqxx::work tx(conn);
            auto const r = tx.exec_params(
                "select email, totp_secret from moderator where id = $1 and totp_secret is not null and not totp_confirmed"
                " for update",
                moderator_id);
            if(r.empty())
                return fail(errc::conflict, "Start the enrolment first.");
            auto const step = check(r[0][1].as<std::string>(), code, 0);
            if(! step)
                return fail(errc::unprocessable, "This code is not valid. Check the clock of your phone.", "code",
                                "code_wrong");
            std::string array = "{";
            for(auto const& h : hashes)
                array += (array.size() > 1 ? "," : "") + h;
            array += "}";
            tx.exec_params("update moderator set totp_confirmed = true, totp_last_step = $2, recovery_codes = $3::text[]"
                           " where id = $1",
                           moderator_id, *step, array);
            append_audit(tx, {r[0][0].as<std::string>(), "totp_enrolled", "moderator:" + std::to_string(moderator_id), {}});
            tx.commit();
            return ok_t{};
        },
        std::move(done));
}

}  // namespace baro::store
