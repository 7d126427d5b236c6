#include "ingest/archive.hpp"
#include "ingest/pseudonym.hpp"

#include <catch2/catch.hpp>

using namespace baro;

namespace {
store::consultation_info consultation()
{
    store::consultation_info c;
    c.id = 7;
    c.slug = "matransition";
    return c;
}
channels::archive_post post(std::string text)
{
    return {"x", "1320000000000000001", "2020-11-06T09:30:00+00:00", "6253282", std::move(text),
            "https://x.com/i/web/status/1320000000000000001", "1319999999999999999"};
}
}  // namespace

TEST_CASE("an archived post becomes a row keyed by its platform and the platform's own id", "[ingest][archive]")
{
    auto const s = ingest::prepare_archive(consultation(), post("An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ."), "pepper");
    REQUIRE(s.ok());
    CHECK(s->row.consultation_id == 7);
    CHECK(s->row.channel == "x");
    CHECK(s->row.external_id == "1320000000000000001");
    CHECK(s->row.status == "new");
    CHECK(s->row.display_text == "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
    CHECK(s->row.language == "bm");
    CHECK_FALSE(s->row.search_key.empty());
    CHECK(s->posted_at == "2020-11-06T09:30:00+00:00");
    CHECK(s->permalink == "https://x.com/i/web/status/1320000000000000001");
    CHECK(s->in_reply_to == "1319999999999999999");
}

TEST_CASE("an archived post's author is the live channels' pseudonym, never the raw id", "[ingest][archive]")
{
    auto const s = ingest::prepare_archive(consultation(), post("Kalata ka kɛ"), "pepper");
    REQUIRE(s.ok());
    CHECK(s->row.sender_key == ingest::sender_key("pepper", "x:6253282"));
    CHECK(s->row.sender_key.find("6253282") == std::string::npos);
    CHECK(s->row.raw.find("6253282") == std::string::npos);
    auto anonymous = post("Kalata ka kɛ");
    anonymous.author_id.clear();
    CHECK(ingest::prepare_archive(consultation(), anonymous, "pepper")->row.sender_key.empty());
}

TEST_CASE("an archived post's text loses its NUL bytes and is read as windows-1252 when not UTF-8", "[ingest][archive]")
{
    auto const s = ingest::prepare_archive(consultation(), post(std::string("Libert\xe9\0!", 9)), "pepper");
    REQUIRE(s.ok());
    CHECK(s->row.raw == "Liberté!");
    CHECK(std::find(s->row.flags.begin(), s->row.flags.end(), "cp1252") != s->row.flags.end());
}

TEST_CASE("an archived post with nothing left to keep is refused naming the text", "[ingest][archive]")
{
    auto const s = ingest::prepare_archive(consultation(), post(" \u200b "), "pepper");
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().field == "text");
}
