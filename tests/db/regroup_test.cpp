// A contribution whose text or consultation changes after it was grouped is grouped again by its new
// ones: its group row described the old (key hash, bands, the consultation's group), so the update's
// trigger (sql/039) deletes it and queues the contribution, which the grouper's next round takes, not
// only its next full sweep.
#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "store/database.hpp"
#include "store/duplicate_grouper.hpp"
#include "store/media.hpp"
#include "store/public_posts.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace baro;

namespace {

std::int64_t add(std::string const& text, std::string const& key)
{
    return std::stoll(testing::scalar("insert into contribution (channel, external_id, display_text, search_key) values ("
                                      "'whatsapp', '" +
                                      crypto::random_hex(8) + "', '" + text + "', '" + key + "') returning id"));
}

// The grouper's rounds as `baro serve` runs them between its full sweeps: near the newest grouped id.
void group_rounds()
{
    for(;;)
    {
        auto const n = store::group_pending(testing::database_url(), 500, false);
        REQUIRE(n.ok());
        if(*n == 0)
            return;
    }
}

// Out of those rounds' sight: more than a thousand newer contributions, grouped.
void bury()
{
    testing::exec("insert into contribution (channel, external_id, display_text, search_key)"
                  " select 'whatsapp', 'bury-" +
                  crypto::random_hex(6) + "-' || g, 'filler', 'filler ' || g from generate_series(1, 1200) g");
    group_rounds();
}

// The text fields of a Bambara text in Latin script, as the text pipeline would give them.
store::contribution_row bambara(std::string const& text, std::string const& key)
{
    store::contribution_row row;
    row.raw = text;
    row.display_text = text;
    row.search_key = key;
    row.language = "bm";
    row.script = "latin";
    return row;
}

std::string group_of(std::int64_t id)
{
    return testing::scalar("select coalesce((select group_id::text from contribution_group where contribution_id = " +
                           std::to_string(id) + "), 'none')");
}

}  // namespace

TEST_CASE("a transcribed voice note leaves the group of its empty text and joins the copies of its words",
          "[db][duplicates]")
{
    std::string const key = "an bɛ kalata kɛ sisan " + crypto::random_hex(4);
    auto const written = add("An bɛ kalata kɛ sisan", key);
    auto const voice = add("", "");
    testing::exec("insert into contribution_media (contribution_id, kind, provider) values (" + std::to_string(voice) +
                  ", 'audio', 'whatsapp')");
    testing::group_duplicates();
    REQUIRE(group_of(written) == std::to_string(written));
    REQUIRE(group_of(voice) == std::to_string(voice));  // no words: alone
    bury();

    auto const fields = bambara("An bɛ kalata kɛ sisan", key);
    REQUIRE(testing::await_store<nlohmann::json>([&](store::database& db, auto done) {
                store::save_transcription(db, {1, "moderatrice@baro.ml", "moderator", false}, voice, fields, std::move(done));
            }).ok());
    CHECK(group_of(voice) == "none");  // the row of the empty text is gone
    CHECK(testing::scalar("select count(*) from group_redo where contribution_id = " + std::to_string(voice)) == "1");

    group_rounds();  // no full sweep
    CHECK(group_of(voice) == std::to_string(written));  // the same words: the written one's group
    CHECK(testing::scalar("select count(*) from group_redo") == "0");
    CHECK(testing::scalar("select key_hash = group_key_hash(null, '" + key + "') from contribution_group"
                          " where contribution_id = " +
                          std::to_string(voice)) == "t");
}

TEST_CASE("a public post its author edited is grouped by its new words at the grouper's next round", "[db][duplicates]")
{
    std::string const old_key = "mali ka kan " + crypto::random_hex(4);
    std::string const new_key = "an ka kalata kɛ " + crypto::random_hex(4);
    auto const copy = add("An ka kalata kɛ", new_key);
    auto const post = add("Mali ka kan", old_key);
    auto const external_id = testing::scalar("select external_id from contribution where id = " + std::to_string(post));
    testing::group_duplicates();
    REQUIRE(group_of(post) == std::to_string(post));
    REQUIRE(group_of(copy) == std::to_string(copy));
    bury();

    auto edited = bambara("An ka kalata kɛ", new_key);
    edited.channel = "whatsapp";
    edited.external_id = external_id;
    auto const r = testing::await_store<store::post_edited>(
        [&](store::database& db, auto done) { store::edit_public_post(db, edited, std::move(done)); });
    REQUIRE(r.ok());
    REQUIRE(r->changed);
    CHECK(group_of(post) == "none");

    group_rounds();
    CHECK(group_of(post) == std::to_string(copy));  // now the copy's words: the copy's group
    CHECK(testing::scalar("select count(*) from group_redo") == "0");
}

TEST_CASE("an inbox contribution assigned to a consultation joins that consultation's copies at the next round",
          "[db][duplicates]")
{
    auto const consultation = testing::new_consultation();
    std::string const key = "kalata ka kɛ sanni san ka ban " + crypto::random_hex(4);
    auto const in_consultation = std::stoll(testing::scalar(
        "insert into contribution (channel, external_id, consultation_id, display_text, search_key) values ('whatsapp', '" +
        crypto::random_hex(8) + "', " + std::to_string(consultation) + ", 'Kalata ka kɛ', '" + key + "') returning id"));
    auto const inbox = add("Kalata ka kɛ", key);  // the same words, no consultation yet
    testing::group_duplicates();
    REQUIRE(group_of(in_consultation) == std::to_string(in_consultation));
    REQUIRE(group_of(inbox) == std::to_string(inbox));  // groups are per consultation
    bury();

    testing::exec("update contribution set consultation_id = " + std::to_string(consultation) +
                  " where id = " + std::to_string(inbox));
    CHECK(group_of(inbox) == "none");
    group_rounds();
    CHECK(group_of(inbox) == std::to_string(in_consultation));

    testing::exec("update contribution set consultation_id = null where id = " + std::to_string(inbox));  // undone
    group_rounds();
    CHECK(group_of(inbox) == std::to_string(inbox));
    CHECK(testing::scalar("select count(*) from group_redo") == "0");
}

TEST_CASE("a contribution queued to be grouped again and erased meanwhile leaves the queue with it", "[db][duplicates]")
{
    auto const id = add("Erased before its round", "erased before its round " + crypto::random_hex(4));
    testing::group_duplicates();
    testing::exec("update contribution set search_key = search_key || ' bis' where id = " + std::to_string(id));
    REQUIRE(testing::scalar("select count(*) from group_redo where contribution_id = " + std::to_string(id)) == "1");
    testing::exec("delete from contribution where id = " + std::to_string(id));
    CHECK(testing::scalar("select count(*) from group_redo where contribution_id = " + std::to_string(id)) == "0");
    group_rounds();
    CHECK(group_of(id) == "none");
}

TEST_CASE("a group's first contribution moved to a consultation leaves its copies a group of their own, not its id",
          "[db][duplicates]")
{
    auto const consultation = testing::new_consultation();
    std::string const key = "an ka sɛnɛkɛlaw dɛmɛ " + crypto::random_hex(4);
    auto const first = add("An ka sɛnɛkɛlaw dɛmɛ", key);  // a campaign in the inbox: its first copy names the group
    auto const second = add("An ka sɛnɛkɛlaw dɛmɛ", key);
    auto const third = add("An ka sɛnɛkɛlaw dɛmɛ", key);
    testing::group_duplicates();
    REQUIRE(group_of(second) == std::to_string(first));
    REQUIRE(group_of(third) == std::to_string(first));
    bury();

    testing::exec("update contribution set consultation_id = " + std::to_string(consultation) +
                  " where id = " + std::to_string(first));
    CHECK(testing::scalar("select count(*) from group_redo where contribution_id in (" + std::to_string(first) + ", " +
                          std::to_string(second) + ", " + std::to_string(third) + ")") == "3");
    group_rounds();
    CHECK(group_of(first) == std::to_string(first));  // alone in its consultation
    CHECK(group_of(second) == std::to_string(second));  // the copies left in the inbox: a group named by the first of them
    CHECK(group_of(third) == std::to_string(second));
    CHECK(testing::scalar("select count(*) from contribution_group where group_id = " + std::to_string(first)) == "1");
    CHECK(testing::scalar("select count(*) from group_redo") == "0");

    testing::exec("update contribution set consultation_id = null where id = " + std::to_string(first));  // undone
    group_rounds();
    CHECK(group_of(first) == std::to_string(second));  // back among its copies, in their group now
    CHECK(group_of(third) == std::to_string(second));
}

TEST_CASE("a group's first contribution given other words leaves its copies together", "[db][duplicates]")
{
    std::string const key = "kalanso caman ka jɔ " + crypto::random_hex(4);
    auto const first = add("Kalanso caman ka jɔ", key);
    auto const second = add("Kalanso caman ka jɔ", key);
    auto const third = add("Kalanso caman ka jɔ", key);
    testing::group_duplicates();
    REQUIRE(group_of(third) == std::to_string(first));
    bury();

    testing::exec("update contribution set search_key = 'dugukolo sɛnɛ " + crypto::random_hex(4) +
                  "' where id = " + std::to_string(first));
    group_rounds();
    CHECK(group_of(first) == std::to_string(first));
    CHECK(group_of(second) == std::to_string(second));
    CHECK(group_of(third) == std::to_string(second));
    CHECK(testing::scalar("select count(*) from contribution_group where group_id = " + std::to_string(first)) == "1");
}

TEST_CASE("migration 040 regroups the groups sql/039 left under a first contribution that had moved", "[db][duplicates]")
{
    auto const consultation = testing::new_consultation();
    std::string const key = "ji ka kɛ dugu bɛɛ la " + crypto::random_hex(4);
    auto const first = add("Ji ka kɛ dugu bɛɛ la", key);
    auto const second = add("Ji ka kɛ dugu bɛɛ la", key);
    auto const other = add("Ji ka kɛ dugu bɛɛ la, i ni ce", key + " i ni ce");
    testing::group_duplicates();
    bury();
    // What 039's trigger left: the first moved to a consultation and grouped alone there under its own
    // id, its copy still under that id in the inbox; a third under the id of one now grouped elsewhere.
    testing::exec("update contribution set consultation_id = " + std::to_string(consultation) + " where id = " +
                  std::to_string(first) + "; delete from group_redo;"
                  " insert into contribution_group (contribution_id, group_id, channel) select id, " + std::to_string(first) + ", channel" +
                  " from contribution where id in (" + std::to_string(first) + ", " + std::to_string(second) + ", " +
                  std::to_string(other) + ")");
    REQUIRE(testing::scalar("select count(*) from contribution_group where group_id = " + std::to_string(first)) == "3");

    auto const* migration = embedded::find(embedded::migrations(), "040_group_redo_founder.sql");
    REQUIRE(migration);
    testing::exec(std::string(migration->content));
    CHECK(testing::scalar("select count(*) from group_redo") == "2");  // the two inbox members, not the first
    group_rounds();
    CHECK(group_of(first) == std::to_string(first));
    CHECK(group_of(second) == std::to_string(second));
    CHECK(group_of(other) == std::to_string(second));  // a near copy of the second, in its consultation

    testing::exec(std::string(migration->content));  // nothing left to repair
    CHECK(testing::scalar("select count(*) from group_redo") == "0");
}
