#include "store/sessions.hpp"

#include "core/crypto.hpp"
#include "store/async.hpp"
#include "store/array_literal.hpp"
#include "store/audit.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <map>

namespace baro::store {

namespace {

std::string seconds(std::chrono::seconds s) { return "interval '" + std::to_string(s.count()) + " seconds'"; }

std::string token_hash(std::string const& token) { return crypto::to_hex(crypto::sha256(token)); }

moderator_info read_moderator(pqxx::row const& r)
{
    return {r["id"].as<std::int64_t>(), r["email"].as<std::string>(), r["role"].as<std::string>(), r["totp_confirmed"].as<bool>(),
            r["must_change_password"].as<bool>(), r["must_enrol_totp"].as<bool>() && ! r["totp_confirmed"].as<bool>()};
}

// The throttle keys of one attempt, each with its limit. <account> is the account's id when the
// e-mail names one (every spelling of it meets the same key), else the keyed tag of what was typed.
struct throttle_key
{
    std::string key;
    moderation::throttle_limit limit;
};

std::vector<throttle_key> keys_of(login_request const& req, std::string const& account, bool known_address,
                                  moderation::throttle_policy const& policy)
{
    std::vector<throttle_key> keys{{"address:" + req.address, policy.address},
                                   {"pair:" + account + "|" + req.address, policy.pair}};
    if(! known_address)
        keys.push_back({"account:" + account, policy.account});
    std::sort(keys.begin(), keys.end(), [](auto const& a, auto const& b) { return a.key < b.key; });
    return keys;
}

// Admits or refuses one attempt, in its own short transaction: the keys' rows are locked in one
// order, the attempt counted as a failure before its password is checked (a success takes it back),
// and committed at once, so a parallel attempt waits for the lock and then sees this one. Returns
// the seconds to wait when refused (those attempts only add to `refused`: nothing is audited).
std::int64_t admit(pqxx::connection_base& conn, std::vector<throttle_key> const& keys, moderation::throttle_policy const& policy)
{
    pqxx::work tx(conn);
    std::vector<std::string> names;
    for(auto const& k : keys)
        names.push_back(k.key);
    auto const array = text_array_literal(names);
    tx.exec_params("insert into login_throttle (key) select k from unnest($1::text[]) k order by k on conflict do nothing",
                   array);
    auto const rows =
        tx.exec_params("select key, failures, (extract(epoch from now() - last_at) * 1000)::bigint from login_throttle"
                       " where key = any($1::text[]) order by key for update",
                       array);
    std::map<std::string, moderation::throttle_state> state;
    for(auto const& r : rows)
        state[r[0].as<std::string>()] = {r[1].as<int>(), r[2].as<std::int64_t>()};
    std::int64_t wait = 0;
    for(auto const& k : keys)
        wait = std::max(wait, moderation::throttle_wait(k.limit, state[k.key], policy.forget_after));
    if(wait > 0)
    {
        tx.exec_params("update login_throttle set refused = refused + 1 where key = any($1::text[])", array);
        tx.commit();
        return wait;
    }
    for(auto const& k : keys)
        // An upsert: the row may have been cleaned up since it was locked.
        tx.exec_params("insert into login_throttle as t (key, failures, last_at) values ($1, $2, now())"
                       " on conflict (key) do update set failures = excluded.failures, last_at = now()",
                       k.key, moderation::live_failures(state[k.key], policy.forget_after) + 1);
    tx.commit();
    return 0;
}

// After a success the pair starts over; the address and account keys only take this attempt's count
// back, so logging in to one's own account never clears a count run up against others.
void take_back(pqxx::work& tx, std::vector<throttle_key> const& keys)
{
    for(auto const& k : keys)
        tx.exec_params(k.key.rfind("pair:", 0) == 0
                           ? "update login_throttle set failures = 0 where key = $1"
                           : "update login_throttle set failures = greatest(failures - 1, 0) where key = $1",
                       k.key);
}

// Rows quiet for a day say nothing the throttle needs (it forgets after an hour); served by
// login_throttle_last_at and moderator_known_address_last_ok. Rows another login holds are skipped,
// never waited for: two clean-ups, or a clean-up and an attempt, cannot deadlock.
void clean_up(pqxx::work& tx, moderation::throttle_policy const& policy)
{
    // `= any(array(…))`: the rows are chosen once, whatever the planner believes of the table's size
    // (an `in (…)` may run the locking subquery again for every row: store/search_indexer).
    tx.exec("delete from login_throttle where key = any(array(select key from login_throttle"
            " where last_at < now() - interval '1 day' limit 1000 for update skip locked))");
    tx.exec("delete from moderator_known_address where ctid = any(array(select ctid from moderator_known_address"
            " where last_ok_at < now() - interval '" +
            std::to_string(policy.known_address_days) + " days' limit 1000 for update skip locked))");
}

}  // namespace

void login(database& db, login_request req, password_check check_password, totp_check check_totp, recovery_hash hash_recovery,
           moderation::throttle_policy const& policy, std::function<void(result<login_result>)> done)
{
    detail::run<login_result>(
        db, "login",
        [req = std::move(req), check_password = std::move(check_password), check_totp = std::move(check_totp),
         hash_recovery = std::move(hash_recovery), policy](pqxx::connection_base& conn) -> result<login_result> {
            pqxx::result found;
            bool known_address = false;
            {
                pqxx::read_transaction rx(conn);
                found = rx.exec_params("select id, email, role, password_hash, totp_secret, totp_confirmed, totp_last_step,"
                                       "       must_change_password, must_enrol_totp"
                                       " from moderator where email = lower(btrim($1)) and disabled_at is null",
                                       req.email.substr(0, 1024));
                if(! found.empty())
                    known_address = ! rx.exec_params("select 1 from moderator_known_address where moderator_id = $1"
                                                     " and address = $2 and last_ok_at > now() - interval '" +
                                                         std::to_string(policy.known_address_days) + " days'",
                                                     found[0]["id"].as<std::int64_t>(), req.address)
                                          .empty();
            }
            auto const account = found.empty() ? "tag:" + req.identifier_tag : "id:" + found[0]["id"].as<std::string>();
            auto const keys = keys_of(req, account, known_address, policy);
            if(auto const wait = admit(conn, keys, policy); wait > 0)
                return fail(errc::too_many_requests,
                            "Too many failed attempts. Try again in " + std::to_string((wait + 59) / 60) + " minute(s).");
            // The same work and the same answer whether the account exists or not: check_password
            // hashes against a decoy when given no hash. No lock is held meanwhile.
            bool const password_ok =
                check_password(req.password, found.empty() ? std::string{} : found[0]["password_hash"].as<std::string>()) &&
                ! found.empty();
            pqxx::work tx(conn);
            auto audit_failure = [&](std::string const& why) {
                if(found.empty())
                    append_audit(tx, {"unknown", "login_failed", "", {{"reason", why}, {"identifier", req.identifier_tag}}});
                else
                    append_audit(tx, {found[0]["email"].as<std::string>(),
                                      "login_failed",
                                      "moderator:" + found[0]["id"].as<std::string>(),
                                      {{"reason", why}}});
                clean_up(tx, policy);
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
                auto const step =
                    check_totp(m["totp_secret"].as<std::string>(), req.code, m["totp_last_step"].as<std::int64_t>());
                if(step)
                {
                    // Claimed only if no parallel login claimed this step (or a later one) first.
                    auto const claimed = tx.exec_params("update moderator set totp_last_step = $2"
                                                        " where id = $1 and totp_last_step < $2 returning id",
                                                        who.id, *step);
                    if(claimed.empty())
                    {
                        audit_failure("second factor replayed");
                        return fail(errc::unauthorized, "This code was already used. Wait for the next one.", "code",
                                    "code_used");
                    }
                }
                else
                {
                    // A recovery code works once.
                    auto const used = tx.exec_params("update moderator set recovery_codes = array_remove(recovery_codes, $2)"
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
            out.token = crypto::random_hex(32);  // 256 bits
            out.session = {who, crypto::random_hex(32)};
            // A fresh token at every login: a token planted before login is never adopted (no fixation).
            tx.exec_params("insert into moderator_session (token_hash, moderator_id, csrf_token) values ($1, $2, $3)",
                           token_hash(out.token), who.id, out.session.csrf);
            tx.exec_params("insert into moderator_known_address (moderator_id, address) values ($1, $2)"
                           " on conflict (moderator_id, address) do update set last_ok_at = now()",
                           who.id, req.address);
            tx.exec_params("update moderator set last_login_at = now() where id = $1", who.id);
            take_back(tx, keys);
            clean_up(tx, policy);
            append_audit(tx, {who.email, "login", "moderator:" + std::to_string(who.id), {}});
            tx.commit();
            return out;
        },
        std::move(done));
}

void change_password(database& db, std::string token, std::string current, std::string chosen, std::string address,
                     password_check check_password, password_hash_fn hash_password, moderation::throttle_policy const& policy,
                     std::function<void(status)> done)
{
    detail::run<ok_t>(
        db, "change password",
        [token = std::move(token), current = std::move(current), chosen = std::move(chosen), address = std::move(address),
         check_password = std::move(check_password), hash_password = std::move(hash_password),
         policy](pqxx::connection_base& conn) -> status {
            auto const hash = token_hash(token);
            std::string stored;
            std::int64_t id = 0;
            {
                pqxx::read_transaction rx(conn);
                auto const r = rx.exec_params("select m.id, m.password_hash from moderator_session s"
                                              " join moderator m on m.id = s.moderator_id"
                                              " where s.token_hash = $1 and m.disabled_at is null",
                                              hash);
                if(r.empty())
                    return fail(errc::unauthorized, "Your session has ended. Log in again.");
                id = r[0][0].as<std::int64_t>();
                stored = r[0][1].as<std::string>();
            }
            // Guesses of the current password count like login attempts of this account from this
            // address (a stolen session must not become an unthrottled password oracle).
            login_request as_login;
            as_login.address = address;
            auto const keys = keys_of(as_login, "id:" + std::to_string(id), true, policy);
            if(admit(conn, keys, policy) > 0)
                return fail(errc::too_many_requests, "Too many failed attempts. Try again later.");
            if(! check_password(current, stored))
                return fail(errc::unauthorized, "The current password is wrong.", "current");
            auto const new_hash = hash_password(chosen);
            pqxx::work tx(conn);
            // Only if the password is still the one just checked: two changes at once cannot both win.
            auto const r = tx.exec_params("update moderator set password_hash = $2, must_change_password = false"
                                          " where id = $1 and password_hash = $3 returning email",
                                          id, new_hash, stored);
            if(r.empty())
                return fail(errc::conflict, "The password was changed meanwhile. Log in again.");
            auto const ended =
                tx.exec_params("delete from moderator_session where moderator_id = $1 and token_hash <> $2", id, hash)
                    .affected_rows();
            take_back(tx, keys);
            append_audit(tx, {r[0][0].as<std::string>(),
                              "password_changed",
                              "moderator:" + std::to_string(id),
                              {{"other_sessions_ended", ended}}});
            tx.commit();
            return ok_t{};
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
            auto const r =
                tx.exec_params("select m.id, m.email, m.role, m.totp_confirmed, m.must_change_password, m.must_enrol_totp,"
                               "       s.csrf_token,"
                               "       s.last_seen < now() - interval '1 minute' as stale"
                               " from moderator_session s join moderator m on m.id = s.moderator_id"
                               " where s.token_hash = $1 and m.disabled_at is null"
                               "   and s.last_seen > now() - " +
                                   seconds(session_idle) + "   and s.created_at > now() - " + seconds(session_absolute),
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
            auto const who =
                tx.exec_params("select m.id, m.email from moderator_session s join moderator m on m.id = s.moderator_id"
                               " where s.token_hash = $1",
                               token_hash(token));
            if(who.empty())
                return ok_t{};
            if(everywhere)
                tx.exec_params("delete from moderator_session where moderator_id = $1", who[0][0].as<std::int64_t>());
            else
                tx.exec_params("delete from moderator_session where token_hash = $1", token_hash(token));
            append_audit(tx, {who[0][1].as<std::string>(),
                              everywhere ? "logout_everywhere" : "logout",
                              "moderator:" + who[0][0].as<std::string>(),
                              {}});
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
            auto const r =
                tx.exec_params("update moderator set totp_secret = $2 where id = $1 and not totp_confirmed returning email",
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
                return fail(errc::unprocessable, "This code is not valid. Check the clock of your phone.", "code", "code_wrong");
            std::string array = "{";
            for(auto const& h : hashes)
                array += (array.size() > 1 ? "," : "") + h;
            array += "}";
            tx.exec_params("update moderator set totp_confirmed = true, totp_last_step = $2, recovery_codes = $3::text[],"
                           " must_enrol_totp = false where id = $1",
                           moderator_id, *step, array);
            append_audit(tx, {r[0][0].as<std::string>(), "totp_enrolled", "moderator:" + std::to_string(moderator_id), {}});
            tx.commit();
            return ok_t{};
        },
        std::move(done));
}

}  // namespace baro::store
