// Account security against a real PostgreSQL (issue #16, items 7–10): parallel logins racing one TOTP
// code or one throttle limit, a victim's login while an attacker hammers their account, what a failed
// login leaves in the audit, `baro user add --reset`, and e-mails in any case.
#include "test_database.hpp"

#include "app/commands.hpp"
#include "core/crypto.hpp"
#include "moderation/password.hpp"
#include "moderation/rules/credentials.hpp"
#include "store/accounts.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"
#include "store/sessions.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

using namespace baro;
using namespace std::chrono_literals;

namespace {

std::string const password = "correct horse battery";
std::string const tag_key = "test identifier key";

// A fresh account with `password`, whose one-time password was already changed.
std::int64_t new_account(std::string const& email, std::string const& role = "moderator")
{
    auto const id = store::create_account(testing::database_url(), email, role, moderation::hash_password(password));
    REQUIRE(id.ok());
    testing::exec("update moderator set must_change_password = false where id = " + std::to_string(*id));
    return *id;
}

std::string unique_email(std::string const& who) { return who + "-" + crypto::random_hex(4) + "@baro.ml"; }

// Checks passwords without argon2 but slowly enough that parallel attempts overlap: every attempt
// reads the database before any of them writes its outcome.
struct slow_check
{
    std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
    store::password_check fn() const
    {
        return [calls = calls](std::string const& typed, std::string const& hash) {
            ++*calls;
            std::this_thread::sleep_for(50ms);
            return ! hash.empty() && moderation::verify_password(hash, typed);
        };
    }
};

// TOTP: code "424242" matches step 1000 (the server's own arithmetic is unit-tested in totp_test).
std::optional<std::int64_t> fixed_totp(std::string const&, std::string const& code, std::int64_t last)
{
    if(code == "424242" && last < 1000)
        return 1000;
    return std::nullopt;
}

std::string no_recovery(std::string const& code) { return "not-" + code; }

// Runs `n` logins at once on a pool of `threads` store threads; their results in order.
std::vector<result<store::login_result>> parallel_logins(std::vector<store::login_request> const& requests,
                                                         store::password_check check, moderation::throttle_policy const& policy,
                                                         unsigned threads)
{
    store::database db(testing::database_url(), threads);
    std::vector<std::future<result<store::login_result>>> pending;
    for(auto const& r : requests)
    {
        auto p = std::make_shared<std::promise<result<store::login_result>>>();
        pending.push_back(p->get_future());
        store::login(db, r, check, fixed_totp, no_recovery, policy,
                     [p](result<store::login_result> out) { p->set_value(std::move(out)); });
    }
    std::vector<result<store::login_result>> out;
    for(auto& f : pending)
        out.push_back(f.get());
    db.stop();
    return out;
}

result<store::login_result> one_login(store::login_request const& r,
                                      moderation::throttle_policy const& policy = moderation::throttle_policy{})
{
    return parallel_logins({r}, slow_check{}.fn(), policy, 1).front();
}

store::login_request attempt(std::string const& email, std::string const& typed, std::string const& address,
                             std::string const& code = "")
{
    return {email, typed, code, address, moderation::login_identifier_tag(tag_key, email)};
}

int count(std::vector<result<store::login_result>> const& rs, std::optional<errc> code)
{
    int n = 0;
    for(auto const& r : rs)
        n += code ? (! r.ok() && r.err().code == *code) : r.ok();
    return n;
}

// A policy whose delays outlast any test run: what passes is decided by the counts alone.
moderation::throttle_policy slow_policy()
{
    moderation::throttle_policy p;
    p.pair.first_delay = p.address.first_delay = p.account.first_delay = 3600s;
    p.pair.max_delay = p.address.max_delay = p.account.max_delay = 3600s;
    return p;
}

}  // namespace

TEST_CASE("eight parallel logins with one valid TOTP code open exactly one session", "[db][accounts]")
{
    auto const email = unique_email("totp");
    auto const id = new_account(email);
    testing::exec("update moderator set totp_secret = 'JBSWY3DPEHPK3PXP', totp_confirmed = true, totp_last_step = 10"
                  " where id = " +
                  std::to_string(id));
    std::vector<store::login_request> requests;
    for(int i = 0; i < 8; ++i)  // eight addresses: no throttle key reaches its limit
        requests.push_back(attempt(email, password, "10.7.0." + std::to_string(i), "424242"));
    auto const results = parallel_logins(requests, slow_check{}.fn(), moderation::throttle_policy{}, 8);

    CHECK(count(results, std::nullopt) == 1);
    CHECK(count(results, errc::unauthorized) == 7);
    for(auto const& r : results)
        if(! r.ok())
            CHECK(r.err().field == "code");
    CHECK(testing::scalar("select count(*) from moderator_session where moderator_id = " + std::to_string(id)) == "1");
    CHECK(testing::scalar("select totp_last_step from moderator where id = " + std::to_string(id)) == "1000");
    // The same code later is refused too.
    auto const again = one_login(attempt(email, password, "10.7.0.1", "424242"));
    REQUIRE_FALSE(again.ok());
    CHECK(again.err().field == "code");
}

TEST_CASE("forty parallel wrong passwords from one address are checked exactly five times", "[db][accounts]")
{
    auto const email = unique_email("brute");
    auto const id = new_account(email);
    auto const audit_before = std::stoll(testing::scalar("select count(*) from audit_event"));
    std::vector<store::login_request> requests;
    for(int i = 0; i < 40; ++i)
        requests.push_back(attempt(email, "guess-" + std::to_string(i), "10.8.0.1"));
    slow_check check;
    auto const policy = slow_policy();
    auto const results = parallel_logins(requests, check.fn(), policy, 8);

    CHECK(*check.calls == policy.pair.free_failures);
    CHECK(count(results, errc::unauthorized) == 5);
    CHECK(count(results, errc::too_many_requests) == 35);
    CHECK(std::stoll(testing::scalar("select count(*) from audit_event")) - audit_before == 5);
    CHECK(testing::scalar("select failures || '/' || refused from login_throttle where key = 'pair:id:" + std::to_string(id) +
                          "|10.8.0.1'") == "5/35");
    // Even the right password waits now, from this address.
    auto const right = one_login(attempt(email, password, "10.8.0.1"), policy);
    REQUIRE_FALSE(right.ok());
    CHECK(right.err().code == errc::too_many_requests);
}

TEST_CASE("forty parallel wrong passwords on forty accounts from one address are checked exactly twenty times", "[db][accounts]")
{
    std::vector<store::login_request> requests;
    for(int i = 0; i < 40; ++i)
        requests.push_back(attempt(unique_email("spray"), "guess", "10.9.0.1"));
    slow_check check;
    auto const policy = slow_policy();
    auto const results = parallel_logins(requests, check.fn(), policy, 8);
    CHECK(*check.calls == policy.address.free_failures);
    CHECK(count(results, errc::too_many_requests) == 40 - policy.address.free_failures);
}

TEST_CASE("an attacker who throttles an account from many addresses does not stop its owner logging in from theirs",
          "[db][accounts]")
{
    auto const email = unique_email("victim");
    auto const policy = slow_policy();
    new_account(email);
    REQUIRE(one_login(attempt(email, password, "192.0.2.10"), policy).ok());  // the owner's usual address

    // Thirty addresses, one wrong guess each: the account key throttles after ten.
    std::vector<store::login_request> guesses;
    for(int i = 0; i < 30; ++i)
        guesses.push_back(attempt(email, "guess", "198.51.100." + std::to_string(i)));
    auto const results = parallel_logins(guesses, slow_check{}.fn(), policy, 8);
    CHECK(count(results, errc::unauthorized) == policy.account.free_failures);
    CHECK(count(results, errc::too_many_requests) == 30 - policy.account.free_failures);

    // Elsewhere even the right password waits; the owner at their own address gets in.
    auto const stranger = one_login(attempt(email, password, "203.0.113.5"), policy);
    REQUIRE_FALSE(stranger.ok());
    CHECK(stranger.err().code == errc::too_many_requests);
    auto const owner = one_login(attempt(email, password, "192.0.2.10"), policy);
    CHECK(owner.ok());
}

TEST_CASE("a failed login's audit entry holds only a keyed tag of what was typed, and throttled attempts add none",
          "[db][accounts]")
{
    auto const typed = "My Secret Password 123 " + std::string(8000, 'x');  // typed in the e-mail field
    auto const address = "10.10.0.1";
    auto const before = std::stoll(testing::scalar("select coalesce(max(id), 0) from audit_event"));
    auto const policy = slow_policy();
    for(int i = 0; i < 5; ++i)
        CHECK(one_login(attempt(typed, "x", address), policy).err().code == errc::unauthorized);
    auto const after_failures = std::stoll(testing::scalar("select coalesce(max(id), 0) from audit_event"));
    for(int i = 0; i < 10; ++i)
        CHECK(one_login(attempt(typed, "x", address), policy).err().code == errc::too_many_requests);

    auto const since = " from audit_event where id > " + std::to_string(before);
    CHECK(testing::scalar("select count(*)" + since) == "5");
    CHECK(testing::scalar("select max(id)" + since) == std::to_string(after_failures));
    CHECK(testing::scalar("select count(*)" + since +
                          " and actor = 'unknown' and action = 'login_failed'"
                          " and detail = jsonb_build_object('reason', 'password', 'identifier', '" +
                          moderation::login_identifier_tag(tag_key, typed) + "')") == "5");
    CHECK(testing::scalar("select count(*)" + since +
                          " and (actor || detail::text || coalesce(subject, ''))"
                          " ilike '%secret%'") == "0");
    CHECK(testing::scalar("select max(length(detail::text)) < 100" + since) == "t");
    // Nothing else stores the typed text either.
    CHECK(testing::scalar("select count(*) from login_throttle where key ilike '%secret%'") == "0");
    // A known account's failures name the account, not the typing.
    auto const email = unique_email("named");
    auto const id = new_account(email);
    one_login(attempt("  " + email + " ", "wrong", "10.10.0.2"));
    CHECK(testing::scalar("select actor || ' ' || subject || ' ' || detail::text from audit_event order by id desc limit 1") ==
          email + " moderator:" + std::to_string(id) + " {\"reason\": \"password\"}");
}

TEST_CASE("e-mails compare case-insensitively: one account, any spelling logs in, no second account", "[db][accounts]")
{
    auto const email = unique_email("Case");
    auto const id = new_account(email);
    CHECK(testing::scalar("select email from moderator where id = " + std::to_string(id)) == moderation::normalise_email(email));
    std::string shouted = " " + email + " ";
    for(auto& c : shouted)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto const r = one_login(attempt(shouted, password, "10.11.0.1"));
    REQUIRE(r.ok());
    CHECK(r->session.who.id == id);
    auto const again = store::create_account(testing::database_url(), shouted, "admin", "x");
    REQUIRE_FALSE(again.ok());
    CHECK(again.err().code == errc::conflict);
    // Two spellings of one account meet the same throttle keys.
    auto const account = "id:" + std::to_string(id);
    CHECK(testing::scalar("select count(*) from login_throttle where key in ('account:" + account + "', 'pair:" + account +
                          "|10.11.0.1')") == "2");
}

TEST_CASE("baro user add --reset ends sessions, prints the stored role, and the next login must change the password",
          "[db][accounts]")
{
    app::config cfg;
    cfg.database_url = testing::database_url();
    auto const run = [&cfg](std::vector<std::string> args, int& code) {
        app::command_line cl;
        cl.words = {"user", "add"};
        for(std::size_t i = 0; i < args.size(); i += 2)
            cl.options[args[i]] = args[i + 1];
        std::ostringstream out;
        auto* const old = std::cout.rdbuf(out.rdbuf());
        code = app::cmd_user_add(cfg, cl);
        std::cout.rdbuf(old);
        return out.str();
    };
    auto const one_time = [](std::string const& out) {
        auto const at = out.find("one-time password: ");
        REQUIRE(at != std::string::npos);
        return out.substr(at + 19, out.find('\n', at) - at - 19);
    };
    auto const email = unique_email("reset");
    int code = -1;
    auto const created = run({"email", email, "role", "analyst"}, code);
    REQUIRE(code == 0);

    // The first login with the one-time password gets a session that must change it.
    auto const first = one_login(attempt(email, one_time(created), "10.12.0.1"));
    REQUIRE(first.ok());
    CHECK(first->session.who.must_change_password);
    testing::exec("update moderator set totp_secret = 'JBSWY3DPEHPK3PXP', totp_confirmed = true, totp_last_step = 10"
                  " where email = '" +
                  email + "'");

    // A reset with a role other than the stored one changes nothing.
    run({"email", email, "reset", "", "role", "admin"}, code);
    CHECK(code == 3);
    CHECK(testing::scalar("select count(*) from moderator_session s join moderator m on m.id = s.moderator_id"
                          " where m.email = '" +
                          email + "'") == "1");

    std::string upper = email;
    for(auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto const reset = run({"email", upper, "reset", "", "reset-totp", ""}, code);
    REQUIRE(code == 0);
    CHECK(reset.find("account: " + email + " (analyst)\n") == 0);
    CHECK(reset.find("sessions ended: 1\n") != std::string::npos);
    CHECK(testing::scalar("select count(*) from moderator_session s join moderator m on m.id = s.moderator_id"
                          " where m.email = '" +
                          email + "'") == "0");
    CHECK(testing::scalar("select must_change_password::text || totp_confirmed::text || (totp_secret is null)::text"
                          " from moderator where email = '" +
                          email + "'") == "truefalsetrue");

    // The old one-time password is dead; the new one logs in without a code, and must be changed.
    CHECK_FALSE(one_login(attempt(email, one_time(created), "10.12.0.1")).ok());
    auto const second = one_login(attempt(email, one_time(reset), "10.12.0.1"));
    REQUIRE(second.ok());
    CHECK(second->session.who.must_change_password);

    store::database db(testing::database_url(), 1);
    auto change = [&](std::string const& current, std::string const& chosen) {
        std::promise<status> p;
        store::change_password(
            db, second->token, current, chosen, "10.12.0.1", slow_check{}.fn(),
            [](std::string const& pw) { return moderation::hash_password(pw); }, moderation::throttle_policy{},
            [&p](status s) { p.set_value(std::move(s)); });
        return p.get_future().get();
    };
    auto const wrong = change("not it", "a new long passphrase");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.err().field == "current");
    REQUIRE(change(one_time(reset), "a new long passphrase").ok());
    db.stop();
    auto const third = one_login(attempt(email, "a new long passphrase", "10.12.0.1"));
    REQUIRE(third.ok());
    CHECK_FALSE(third->session.who.must_change_password);
    CHECK(testing::scalar("select string_agg(action, ',' order by id) from audit_event where subject = 'moderator:" +
                          std::to_string(third->session.who.id) + "' and actor in ('cli', '" + email + "')")
              .find("account_created,login,account_reset,login_failed,login,password_changed,login") == 0);
}

TEST_CASE("a login cleans up throttle rows quiet for a day and addresses unused for 30 days, through their indexes",
          "[db][accounts]")
{
    auto const email = unique_email("clean");
    auto const id = std::to_string(new_account(email));
    testing::exec(
        "insert into login_throttle (key, failures, last_at) values ('address:192.0.2.99', 3, now() - interval '2 days'),"
        " ('address:192.0.2.98', 3, now() - interval '23 hours')");
    testing::exec("insert into moderator_known_address (moderator_id, address, last_ok_at) values (" + id +
                  ", '192.0.2.99', now() - interval '31 days'), (" + id + ", '192.0.2.98', now() - interval '29 days')");
    CHECK(one_login(attempt(email, "wrong", "10.13.0.1")).err().code == errc::unauthorized);
    CHECK(testing::scalar("select string_agg(key, ',') from login_throttle where key like 'address:192.0.2.9%'") ==
          "address:192.0.2.98");
    CHECK(testing::scalar("select string_agg(address, ',') from moderator_known_address where moderator_id = " + id) ==
          "192.0.2.98");
    auto const plan = [](std::string const& sql) {
        auto conn = store::connect(testing::database_url());
        pqxx::work tx(*conn);
        tx.exec("set local enable_seqscan = off");
        std::string out;
        for(auto const& row : tx.exec("explain " + sql))
            out += row[0].as<std::string>() + "\n";
        return out;
    };
    CHECK(plan("select key from login_throttle where last_at < now() - interval '1 day' limit 1000")
              .find("login_throttle_last_at") != std::string::npos);
    CHECK(plan("select ctid from moderator_known_address where last_ok_at < now() - interval '30 days' limit 1000")
              .find("moderator_known_address_last_ok") != std::string::npos);
}

TEST_CASE("guesses of the current password on the change form are throttled like logins", "[db][accounts]")
{
    auto const email = unique_email("oracle");
    new_account(email);
    auto const session = one_login(attempt(email, password, "10.14.0.1"));
    REQUIRE(session.ok());
    store::database db(testing::database_url(), 1);
    auto const policy = slow_policy();
    std::vector<errc> codes;
    for(int i = 0; i < 7; ++i)
    {
        std::promise<status> p;
        store::change_password(
            db, session->token, "guess " + std::to_string(i), "a new long passphrase", "10.14.0.1", slow_check{}.fn(),
            [](std::string const& pw) { return moderation::hash_password(pw); }, policy,
            [&p](status s) { p.set_value(std::move(s)); });
        auto const s = p.get_future().get();
        REQUIRE_FALSE(s.ok());
        codes.push_back(s.err().code);
    }
    db.stop();
    CHECK(std::count(codes.begin(), codes.end(), errc::unauthorized) == policy.pair.free_failures);
    CHECK(std::count(codes.begin(), codes.end(), errc::too_many_requests) == 7 - policy.pair.free_failures);
}
