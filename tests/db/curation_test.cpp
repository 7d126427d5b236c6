// The console's curation (issue 11): confirmed themes are what the public counts once confirmed,
// the incremental counts stay equal to a recount, and the last decision can be undone — by whom took
// it, within the window, only while the row is as that decision left it.
#include "core/crypto.hpp"
#include "store/curation.hpp"
#include "store/database.hpp"
#include "store/decisions.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <string>

using namespace baro;

namespace {

store::moderator_info new_moderator()
{
    auto const email = crypto::random_hex(6) + "@baro.ml";
    auto const id = std::stoll(testing::scalar("insert into moderator (email, role, password_hash) values ('" + email +
                                               "', 'moderator', 'x') returning id"));
    return {id, email, "moderator", false};
}

std::int64_t add(std::int64_t consultation, std::string const& suggested, std::string const& status = "new")
{
    return std::stoll(testing::scalar(
        "insert into contribution (consultation_id, channel, external_id, display_text, status, published_at, "
        "suggested_themes, region) values (" +
        std::to_string(consultation) + ", 'sms', '" + crypto::random_hex(8) + "', 'Un avis', '" + status + "', case when '" +
        status + "' = 'published' then now() end, '" + suggested + "', 'Kayes') returning id"));
}

template<class Req, class Fn>
result<nlohmann::json> call(Fn fn, Req req)
{
    store::database db(testing::database_url(), 1);
    std::promise<result<nlohmann::json>> p;
    auto fut = p.get_future();
    fn(db, std::move(req), [&p](result<nlohmann::json> r) { p.set_value(std::move(r)); });
    auto r = fut.get();
    db.stop();
    return r;
}

result<nlohmann::json> decide(store::moderator_info const& who, std::int64_t id, std::string const& action)
{
    return call(store::decide, store::decision_request{who, {id}, {action, action == "reject" ? "other" : "", 0}});
}

result<nlohmann::json> set_themes(store::moderator_info const& who, std::vector<std::int64_t> ids,
                                  std::vector<std::string> themes)
{
    store::edit_request e{who, std::move(ids), std::move(themes), {}, {}, {}, {}};
    return call(store::edit, std::move(e));
}

result<nlohmann::json> undo(store::moderator_info const& who, std::int64_t id)
{
    return call(store::undo, store::undo_request{who, id});
}

std::string theme_count(std::int64_t consultation, std::string const& theme)
{
    return testing::scalar("select coalesce((select n from published_count where consultation_id = " +
                           std::to_string(consultation) + " and dimension = 'theme' and key = '" + theme + "'), 0)");
}

// published_count as kept by the triggers, and as counted from scratch, for one consultation.
std::string kept(std::int64_t c)
{
    return testing::scalar("select string_agg(dimension || '/' || key || '=' || n, ' ' order by dimension, key)"
                           " from published_count where n <> 0 and consultation_id = " +
                           std::to_string(c));
}
std::string recount(std::int64_t c)
{
    return testing::scalar("select string_agg(dimension || '/' || key || '=' || n, ' ' order by dimension, key) from"
                           " (select k.dimension, k.key, count(*) n from contribution x, published_count_keys(x) k"
                           "  where x.status = 'published' and x.consultation_id = " +
                           std::to_string(c) + " group by 1, 2) r");
}

std::vector<store::theme_info> two_themes()
{
    return {{"securite", {{"fr", "Sécurité"}}, {"sécurité"}, {"lakana"}}, {"ecole", {{"fr", "École"}}, {"école"}, {"lakɔli"}}};
}

}  // namespace

TEST_CASE("public counts use suggested themes until a moderator confirms, then the confirmed ones, even none",
          "[db][moderation]")
{
    auto const c = testing::new_consultation(two_themes());
    auto const who = new_moderator();
    auto const id = add(c, "{securite}", "published");
    CHECK(theme_count(c, "securite") == "1");

    REQUIRE(set_themes(who, {id}, {"ecole"}).ok());
    CHECK(theme_count(c, "securite") == "0");
    CHECK(theme_count(c, "ecole") == "1");

    REQUIRE(set_themes(who, {id}, {}).ok());  // "none of these"
    CHECK(theme_count(c, "ecole") == "0");
    CHECK(testing::scalar("select themes_confirmed from contribution where id = " + std::to_string(id)) == "t");

    auto const unknown = set_themes(who, {id}, {"sante"});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.err().code == errc::unprocessable);
    CHECK(unknown.err().field == "themes");
}

TEST_CASE("the kept published counts equal a recount after a mixed run of decisions, confirmations and undos",
          "[db][moderation]")
{
    auto const c = testing::new_consultation(two_themes());
    auto const who = new_moderator();
    std::vector<std::int64_t> ids;
    for(auto const* s : {"{securite}", "{ecole}", "{securite,ecole}", "{}", "{securite}", "{ecole}"})
        ids.push_back(add(c, s));
    REQUIRE(call(store::decide, store::decision_request{who, ids, {"publish", "", 0}}).ok());
    REQUIRE(set_themes(who, {ids[0], ids[1]}, {"ecole"}).ok());
    REQUIRE(set_themes(who, {ids[2]}, {}).ok());
    REQUIRE(decide(who, ids[3], "unpublish").ok());
    REQUIRE(undo(who, ids[1]).ok());  // back to suggested
    REQUIRE(decide(who, ids[4], "unpublish").ok());
    REQUIRE(undo(who, ids[4]).ok());  // published again
    REQUIRE(set_themes(who, {ids[5]}, {"securite", "ecole"}).ok());
    REQUIRE(decide(who, ids[5], "unpublish").ok());
    REQUIRE(decide(who, ids[5], "reopen").ok());
    testing::exec("delete from contribution where id = " + std::to_string(ids[3]));
    CHECK(kept(c) == recount(c));
    CHECK(theme_count(c, "ecole") == "2");     // ids[0] confirmed ecole, ids[1] back to its suggested ecole
    CHECK(theme_count(c, "securite") == "1");  // ids[4]; ids[2] confirmed none
}

TEST_CASE("undo puts back the status before the decision and is an audit entry of its own", "[db][moderation]")
{
    auto const c = testing::new_consultation();
    auto const who = new_moderator();
    auto const id = add(c, "{securite}");
    REQUIRE(decide(who, id, "reject").ok());
    auto const entries = testing::scalar("select count(*) from audit_event");
    auto const r = undo(who, id);
    REQUIRE(r.ok());
    CHECK(r->at("status") == "new");
    CHECK(r->at("undone") == "reject");
    CHECK(testing::scalar("select status || coalesce(reject_reason, '-') from contribution where id = " +
                          std::to_string(id)) == "new-");
    CHECK(std::stoll(testing::scalar("select count(*) from audit_event")) == std::stoll(entries) + 1);
    CHECK(testing::scalar("select action || ' ' || (detail->>'undone') from audit_event order by id desc limit 1") ==
          "undo reject");

    auto const again = undo(who, id);  // the undo itself is not undone
    REQUIRE_FALSE(again.ok());
    CHECK(again.err().code == errc::conflict);
    CHECK(again.err().field == "undo");
}

TEST_CASE("undo is refused after the window, to another moderator, and once the row changed since the decision",
          "[db][moderation]")
{
    auto const c = testing::new_consultation();
    auto const who = new_moderator(), other = new_moderator();
    auto const late = add(c, "{}"), theirs = add(c, "{}"), changed = add(c, "{}");
    for(auto id : {late, theirs, changed})
        REQUIRE(decide(who, id, "publish").ok());

    testing::exec("update decision_undo set at = now() - interval '11 minutes' where contribution_id = " +
                  std::to_string(late));
    auto const too_late = undo(who, late);
    REQUIRE_FALSE(too_late.ok());
    CHECK(too_late.err().field == "undo");

    auto const not_mine = undo(other, theirs);
    REQUIRE_FALSE(not_mine.ok());
    CHECK(not_mine.err().field == "undo");

    testing::exec("update contribution set edited_text = 'Un avis retouché' where id = " + std::to_string(changed));
    auto const stale = undo(who, changed);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.err().code == errc::conflict);
    CHECK(stale.err().field == store::stale_version_field);
    for(auto id : {late, theirs, changed})
        CHECK(testing::scalar("select status from contribution where id = " + std::to_string(id)) == "published");
}

TEST_CASE("an unrouted message assigned to a consultation gets its lexicon's themes, and undo sends it back",
          "[db][moderation]")
{
    auto const c = testing::new_consultation();
    auto const who = new_moderator();
    auto const id = std::stoll(testing::scalar(
        "insert into contribution (channel, external_id, display_text, raw) values ('sms', '" + crypto::random_hex(8) +
        "', 'Lakana tɛ yen', 'Lakana tɛ yen') returning id"));
    store::assign_request a{who, {id}, c, "x", [](std::string const& raw) {
                                return raw.find("Lakana") != std::string::npos ? std::vector<std::string>{"securite"}
                                                                              : std::vector<std::string>{};
                            }};
    auto const r = call(store::assign, a);
    REQUIRE(r.ok());
    CHECK(testing::scalar("select consultation_id || ' ' || suggested_themes::text from contribution where id = " +
                          std::to_string(id)) == std::to_string(c) + " {securite}");
    auto const twice = call(store::assign, a);
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.err().code == errc::conflict);
    REQUIRE(undo(who, id).ok());
    CHECK(testing::scalar("select consultation_id is null from contribution where id = " + std::to_string(id)) == "t");
}
