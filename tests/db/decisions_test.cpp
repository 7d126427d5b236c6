// Decisions act on what their moderator read (sql/013's version, or the caller's own claim), and an
// edit of a published contribution announces itself like a publish (issue #16, items 4 and 5).
#include "core/crypto.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"
#include "store/decisions.hpp"
#include "store/publish_events.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <future>
#include <optional>
#include <string>
#include <vector>

using namespace baro;

namespace {

store::moderator_info new_moderator()
{
    auto const email = crypto::random_hex(6) + "@baro.ml";
    auto const id = std::stoll(testing::scalar("insert into moderator (email, role, password_hash) values ('" + email +
                                               "', 'moderator', 'x') returning id"));
    return {id, email, "moderator", false};
}

std::int64_t add(std::int64_t consultation, std::string const& status = "new")
{
    return std::stoll(
        testing::scalar("insert into contribution (consultation_id, channel, external_id, display_text, status, published_at)"
                        " values (" +
                        std::to_string(consultation) + ", 'web', '" + crypto::random_hex(8) + "', 'Un avis de Kayes', '" +
                        status + "', case when '" + status + "' = 'published' then now() end) returning id"));
}

std::int64_t version_of(std::int64_t id)
{
    return std::stoll(testing::scalar("select version from contribution where id = " + std::to_string(id)));
}

std::string status_of(std::int64_t id)
{
    return testing::scalar("select status from contribution where id = " + std::to_string(id));
}

result<nlohmann::json> decide(store::decision_request req)
{
    store::database db(testing::database_url(), 1);
    std::promise<result<nlohmann::json>> p;
    auto fut = p.get_future();
    store::decide(db, std::move(req), [&p](result<nlohmann::json> r) { p.set_value(std::move(r)); });
    auto r = fut.get();
    db.stop();
    return r;
}

store::decision_request publish_one(store::moderator_info const& who, std::int64_t id, std::optional<std::int64_t> version)
{
    store::decision_request req{who, {id}, {"publish", "", 0}};
    req.check = store::read_check::version_or_claim;
    req.seen_version = version;
    return req;
}

class publish_listener final : public pqxx::notification_receiver
{
public:
    explicit publish_listener(pqxx::connection_base& c) : pqxx::notification_receiver(c, store::publish_channel) {}
    void operator()(std::string const& payload, int) override { payloads.push_back(payload); }
    std::vector<std::string> payloads;
};

}  // namespace

TEST_CASE("a decision naming a version read before an edit is refused and changes nothing", "[db][moderation]")
{
    auto const consultation = testing::new_consultation();
    auto const who = new_moderator();
    auto const id = add(consultation);
    auto const read = version_of(id);
    testing::exec("update contribution set edited_text = 'Un avis' where id = " + std::to_string(id));
    REQUIRE(version_of(id) == read + 1);

    auto const stale = decide(publish_one(who, id, read));
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.err().code == errc::conflict);
    CHECK(stale.err().field == store::stale_version_field);
    CHECK(status_of(id) == "new");

    REQUIRE(decide(publish_one(who, id, read + 1)).ok());
    CHECK(status_of(id) == "published");
}

TEST_CASE("a claim leaves the version as it was, and a decision without a version needs the caller's live claim",
          "[db][moderation]")
{
    auto const consultation = testing::new_consultation();
    auto const who = new_moderator();
    auto const id = add(consultation);
    auto const read = version_of(id);

    auto const unread = decide(publish_one(who, id, std::nullopt));
    REQUIRE_FALSE(unread.ok());
    CHECK(unread.err().code == errc::conflict);
    CHECK(unread.err().field == store::no_claim_field);

    testing::exec("update contribution set claimed_by = " + std::to_string(who.id) +
                  ", claimed_until = now() + interval '5 minutes' where id = " + std::to_string(id));
    CHECK(version_of(id) == read);
    REQUIRE(decide(publish_one(who, id, std::nullopt)).ok());
    CHECK(status_of(id) == "published");
}

TEST_CASE("a bulk decision is not asked for versions", "[db][moderation]")
{
    auto const consultation = testing::new_consultation();
    auto const who = new_moderator();
    auto const a = add(consultation), b = add(consultation);
    auto const r = decide({who, {a, b}, {"archive", "", 0}});
    REQUIRE(r.ok());
    CHECK(r->at("changed").size() == 2);
}

TEST_CASE("an edit of a published contribution's public text sends the publish event when it commits; other edits do not",
          "[db][moderation]")
{
    auto const consultation = testing::new_consultation();
    auto const who = new_moderator();
    auto const published = add(consultation, "published");
    auto const waiting = add(consultation);

    auto conn = store::connect(testing::database_url());
    publish_listener heard(*conn);

    store::database db(testing::database_url(), 1);
    auto edit = [&](store::edit_request e) {
        std::promise<result<nlohmann::json>> p;
        auto fut = p.get_future();
        store::edit(db, std::move(e), [&p](result<nlohmann::json> r) { p.set_value(std::move(r)); });
        REQUIRE(fut.get().ok());
    };
    auto const protective = std::optional<std::string>("Un avis de [nom retiré]");
    edit({who, {waiting}, {}, {}, {}, protective, {}});
    edit({who, {published}, {}, {"gouvernance"}, {}, {}, {}});  // a moderators' tag: nothing public changes
    edit({who, {published}, {}, {}, {}, protective, {}});
    db.stop();

    // Both edits committed before this point: every notification they sent is already queued.
    for(int i = 0; i < 50 && heard.payloads.empty(); ++i)
        conn->await_notification(0, 100000);
    conn->get_notifs();
    REQUIRE(heard.payloads.size() == 1);
    auto const e = store::parse_publish_event(heard.payloads[0]);
    REQUIRE(e);
    CHECK(e->contribution_id == published);
    CHECK(e->consultation_id == consultation);
    CHECK(e->published);
}
