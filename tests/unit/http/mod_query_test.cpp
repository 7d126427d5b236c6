#include "http/mod_query.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::http;

namespace {
store::catalog demo()
{
    store::consultation_info c;
    c.id = 3;
    c.slug = "matransition";
    return {c};
}
}  // namespace

TEST_CASE("the queue filter reads every field, and searches through the search key", "[http][moderation]")
{
    auto f = parse_queue_query({{"consultation", "matransition"},
                                {"status", "new"},
                                {"language", "bm"},
                                {"q", "KƆNƆ"},
                                {"from", "2026-01-01"},
                                {"order", "oldest"},
                                {"collapse", "1"},
                                {"limit", "20"},
                                {"after", "2026-01-02T00:00:00Z|17"}},
                               demo());
    REQUIRE(f.ok());
    CHECK(f->consultation_id == 3);
    CHECK(f->status == "new");
    CHECK(f->language == "bm");
    CHECK(f->key == "kono");
    CHECK(f->oldest_first);
    CHECK(f->collapse_duplicates);
    CHECK(f->limit == 20);
    auto const j = store::to_json(*f);
    CHECK(j["after_id"] == "17");
    CHECK(j["key"] == "kono");
    CHECK_FALSE(j.contains("channel"));
}

TEST_CASE("each bad queue filter names its field", "[http][moderation]")
{
    CHECK(parse_queue_query({{"consultation", "nope"}}, demo()).err().field == "consultation");
    CHECK(parse_queue_query({{"status", "deleted"}}, demo()).err().field == "status");
    CHECK(parse_queue_query({{"from", "01/02/2026"}}, demo()).err().field == "from");
    CHECK(parse_queue_query({{"limit", "1000"}}, demo()).err().field == "limit");
    CHECK(parse_queue_query({{"after", "x"}}, demo()).err().field == "after");
    CHECK(parse_queue_query({{"consultation", "none"}}, demo()).value().unrouted);
}

TEST_CASE("the queue filter reads theme_state, and only confirmed or suggested", "[http][moderation]")
{
    auto f = parse_queue_query({{"theme_state", "confirmed"}, {"theme", "securite"}, {"region", "Mopti"}}, demo());
    REQUIRE(f.ok());
    CHECK(f->theme_state == "confirmed");
    CHECK(store::to_json(*f)["theme_state"] == "confirmed");
    CHECK_FALSE(store::counts_are_exact(*f));
    auto const bad = parse_queue_query({{"theme_state", "maybe"}}, demo());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().field == "theme_state");
}
