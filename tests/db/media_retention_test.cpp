// Media retention (issue 15, sql/019): a consultation keeps its media files a number of days after
// receipt; past that, the file is erased and its row says why ("expired").
#include "test_database.hpp"

#include "core/crypto.hpp"
#include "core/metrics.hpp"
#include "core/secrets.hpp"
#include "outbox/media_fetcher.hpp"
#include "store/consultation_admin.hpp"
#include "store/media.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

using namespace baro;

namespace {

// A stored medium of a new contribution of `consultation` (0: unrouted) received `days_ago`, with
// `bytes` as its file's content; its checksum.
std::string held_medium(std::int64_t consultation, int days_ago, std::string const& bytes, bool published = false)
{
    static std::mt19937_64 random{std::random_device{}()};
    auto const external = "retention-" + std::to_string(random());
    auto const sha = crypto::to_hex(crypto::sha256(bytes));
    auto const id =
        testing::scalar("insert into contribution (consultation_id, channel, external_id, raw, display_text) values (" +
                        (consultation ? std::to_string(consultation) : std::string("null")) + ", 'whatsapp', '" + external +
                        "', '', '') returning id");
    testing::exec("insert into contribution_media (contribution_id, kind, provider, state, sha256, size_bytes, content_type,"
                  " public, created_at) values (" +
                  id + ", 'audio', 'whatsapp', 'stored', '" + sha + "', " + std::to_string(bytes.size()) + ", 'audio/ogg', " +
                  (published ? "true" : "false") + ", now() - interval '" + std::to_string(days_ago) + " days')");
    return sha;
}

std::string state_of(std::string const& sha)
{
    return testing::scalar("select string_agg(state || ':' || coalesce(reason, '') || ':' || public::text, ',' order by id)"
                           " from contribution_media where sha256 = '" +
                           sha + "'");
}

}  // namespace

TEST_CASE("media past their consultation's retention expire; newer ones, longer retentions and shared files stay", "[db][media]")
{
    auto const short_kept = testing::new_consultation();
    auto const default_kept = testing::new_consultation();
    testing::exec("update consultation set media_retention_days = 7 where id = " + std::to_string(short_kept));
    REQUIRE(testing::scalar("select media_retention_days from consultation where id = " + std::to_string(default_kept)) ==
            std::to_string(store::default_media_retention_days));

    auto const old = held_medium(short_kept, 8, "old voice", true);
    auto const fresh = held_medium(short_kept, 6, "fresh voice");
    auto const kept_longer = held_medium(default_kept, 8, "voice kept 90 days");
    auto const shared_old = held_medium(short_kept, 30, "the same picture twice");
    held_medium(default_kept, 30, "the same picture twice");
    auto const unrouted_old = held_medium(0, store::default_media_retention_days + 1, "unrouted voice");
    auto const unrouted_fresh = held_medium(0, store::default_media_retention_days - 1, "unrouted recent voice");

    store::media_queue queue(testing::database_url());
    auto const freed = queue.expire(256);
    REQUIRE(freed.ok());
    auto const has = [&](std::string const& sha) { return std::find(freed->begin(), freed->end(), sha) != freed->end(); };
    CHECK(has(old));
    CHECK(has(unrouted_old));
    CHECK_FALSE(has(fresh));
    CHECK_FALSE(has(kept_longer));
    CHECK_FALSE(has(shared_old));  // its twin in the other consultation still names the file
    CHECK_FALSE(has(unrouted_fresh));

    CHECK(state_of(old) == "refused:expired:false");  // a published medium is no longer public
    CHECK(state_of(fresh) == "stored::false");
    CHECK(state_of(kept_longer) == "stored::false");
    CHECK(state_of(shared_old) == "refused:expired:false,stored::false");
    CHECK(state_of(unrouted_old) == "refused:expired:false");

    auto const again = queue.expire(256);  // nothing twice
    REQUIRE(again.ok());
    CHECK(std::none_of(again->begin(), again->end(), [&](auto const& s) { return s == old || s == unrouted_old; }));
}

TEST_CASE("the media fetcher erases a file past retention from the media directory and keeps a newer one", "[db][media]")
{
    namespace fs = std::filesystem;
    auto const dir = fs::temp_directory_path() / ("baro-retention-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    auto const consultation = testing::new_consultation();
    testing::exec("update consultation set media_retention_days = 3 where id = " + std::to_string(consultation));
    auto const write = [&](std::string const& bytes) {
        auto const sha = held_medium(consultation, bytes == "OggS past" ? 4 : 2, bytes);
        std::ofstream(dir / sha, std::ios::binary) << bytes;
        return sha;
    };
    auto const past = write("OggS past");
    auto const newer = write("OggS newer");

    baro::metrics metrics;
    outbox::media_options options{dir.string()};
    options.poll = std::chrono::milliseconds(20);
    options.retention_every = std::chrono::milliseconds(20);
    {
        outbox::media_fetcher fetcher(testing::database_url(), secrets{}, metrics, options);
        auto const give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while(fs::exists(dir / past) && std::chrono::steady_clock::now() < give_up)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK_FALSE(fs::exists(dir / past));
    CHECK(fs::exists(dir / newer));
    CHECK(state_of(past) == "refused:expired:false");
    CHECK(state_of(newer) == "stored::false");
    fs::remove_all(dir);
}
