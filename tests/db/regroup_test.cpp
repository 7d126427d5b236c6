// A contribution whose text changes after it was grouped is grouped again by its new text (sql/038):
// its group row described the old text (key hash, bands), so the change deletes it and the grouper
// takes the contribution again.
#include "core/crypto.hpp"
#include "store/database.hpp"
#include "store/media.hpp"
#include "test_database.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <string>

using namespace baro;

namespace {

std::int64_t add(std::string const& text, std::string const& key)
{
    return std::stoll(testing::scalar("insert into contribution (channel, external_id, display_text, search_key) values ("
                                      "'whatsapp', '" +
                                      crypto::random_hex(8) + "', '" + text + "', '" + key + "') returning id"));
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

    store::contribution_row fields;
    fields.display_text = "An bɛ kalata kɛ sisan";
    fields.search_key = key;
    fields.language = "bm";
    fields.script = "latin";
    {
        store::database db(testing::database_url(), 1);
        std::promise<result<nlohmann::json>> p;
        auto fut = p.get_future();
        store::save_transcription(db, {1, "moderatrice@baro.ml", "moderator", false}, voice, fields,
                                  [&p](result<nlohmann::json> r) { p.set_value(std::move(r)); });
        auto const r = fut.get();
        db.stop();
        REQUIRE(r.ok());
    }
    CHECK(group_of(voice) == "none");  // the row of the empty text is gone

    testing::group_duplicates();
    CHECK(group_of(voice) == std::to_string(written));  // the same words: the written one's group
    CHECK(testing::scalar("select key_hash = group_key_hash(null, '" + key + "') from contribution_group"
                          " where contribution_id = " +
                          std::to_string(voice)) == "t");
}
