#include "live/event_ring.hpp"
#include "live/page_cache.hpp"
#include "live/sse_format.hpp"
#include "publish/atom.hpp"
#include "publish/bar_chart.hpp"
#include "publish/contribution_page.hpp"
#include "publish/http_cache.hpp"
#include "publish/open_data.hpp"
#include "publish/public_json.hpp"
#include "store/publish_events.hpp"
#include "store/publish_read.hpp"

#include <catch2/catch.hpp>

using namespace baro;

namespace {
store::public_contribution sample(std::string text)
{
    store::public_contribution c;
    c.id = 7;
    c.text = std::move(text);
    c.language = "fr";
    c.region = "mopti";
    c.channel = "sms";
    c.themes = {"securite", "sante"};
    c.published_at = "2026-01-02T03:04:05.000006Z";
    c.published_us = 1767323045000006;
    return c;
}
}  // namespace

TEST_CASE("a CSV cell that starts like a formula is neutralised", "[publish][csv]")
{
    CHECK(publish::csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(publish::csv_cell("+223 76") == "'+223 76");
    CHECK(publish::csv_cell("-1") == "'-1");
    CHECK(publish::csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(publish::csv_cell("\tx") == "'\tx");
    CHECK(publish::csv_cell("plain") == "plain");
    CHECK(publish::csv_cell("a, b") == "\"a, b\"");
    CHECK(publish::csv_cell("line\nbreak") == "\"line\nbreak\"");
}

// Issue #16 item 13: a spreadsheet skips these invisible marks and still runs the formula.
TEST_CASE("a CSV cell that starts like a formula behind invisible marks is neutralised too", "[publish][csv]")
{
    for(char const* mark : {"\u200e", "\u200f", "\u200c", "\u200d", "\ufeff", "\u061c", "\u2067", "\u200e\u200f", " "})
        for(char const* start : {"=1+1", "+223", "-1", "@SUM(A1)", "\tx", "\rx"})
        {
            std::string const value = std::string(mark) + start;
            INFO(value);
            auto const cell = publish::csv_cell(value);
            CHECK((cell == "'" + value || cell == "\"'" + value + "\""));
        }
    CHECK(publish::csv_cell("\u200eplain") == "\u200eplain");
    CHECK(publish::csv_cell("\u200fa=b") == "\u200fa=b");
    CHECK(publish::csv_cell("\u200e") == "\u200e");
}

TEST_CASE("an open data line carries redacted text and never a sender key", "[publish][csv]")
{
    auto const line = publish::csv_line("matransition", sample("Appelez-moi au 76 12 34 56"), "fr");
    CHECK(line.find("76 12 34 56") == std::string::npos);
    CHECK(line.rfind("7,matransition,2026-01-02T03:04:05.000006Z,fr,mopti,sms,securite;sante,false,", 0) == 0);
    auto const json = nlohmann::json::parse(publish::jsonl_line("matransition", sample("x"), "fr"));
    CHECK(json.at("consultation") == "matransition");
    CHECK_FALSE(json.contains("sender_key"));
    CHECK_FALSE(json.contains("raw"));
    CHECK_FALSE(json.contains("external_id"));
}

TEST_CASE("If-None-Match matches lists, weak tags and the star", "[publish][http]")
{
    auto const tag = publish::etag_of("body");
    CHECK(tag.size() == 26);
    CHECK(tag == publish::etag_of("body"));
    CHECK(tag != publish::etag_of("body2"));
    CHECK(publish::etag_matches(tag, tag));
    CHECK(publish::etag_matches("\"x\", W/" + tag, tag));
    CHECK(publish::etag_matches("*", tag));
    CHECK_FALSE(publish::etag_matches("", tag));
    CHECK_FALSE(publish::etag_matches("\"other\"", tag));
}

TEST_CASE("Last-Modified is an IMF-fixdate", "[publish][http]")
{
    CHECK(publish::http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(publish::http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST_CASE("an SSE frame cannot be split into extra fields by its data", "[live][sse]")
{
    CHECK(live::sse_frame(5, "summary", "{}") == "id: 5\nevent: summary\ndata: {}\n\n");
    CHECK(live::sse_frame(6, "x\ny", "a\r\nb\rc\nid: 9") == "id: 6\nevent: xy\ndata: a\ndata: b\ndata: c\ndata: id: 9\n\n");
    CHECK(live::parse_last_event_id("123") == 123);
    CHECK(live::parse_last_event_id("12a") == 0);
    CHECK(live::parse_last_event_id("") == 0);
}

TEST_CASE("the event ring resumes after a kept id and asks for a snapshot otherwise", "[live][ring]")
{
    live::event_ring ring(3, 100);
    for(std::uint64_t id = 101; id <= 105; ++id)
        ring.push({id, std::make_shared<std::string const>(std::to_string(id))});
    auto const missed = ring.since(103, 105);
    REQUIRE(missed);
    REQUIRE(missed->size() == 2);
    CHECK(*(*missed)[0].data == "104");
    CHECK(ring.since(105, 105)->empty());
    CHECK_FALSE(ring.since(101, 105));  // 102 fell out
    CHECK_FALSE(ring.since(50, 105));   // an id from an earlier run
    CHECK_FALSE(ring.since(999, 105));  // an id from another node
}

TEST_CASE("a COPY text line is split and unescaped", "[publish][copy]")
{
    auto const f = store::parse_copy_line("1\tx\\ty\\\\z\t\\N\t{\"k\":\"a\\\\nb\"}\n");
    REQUIRE(f.size() == 4);
    CHECK(*f[0] == "1");
    CHECK(*f[1] == "x\ty\\z");
    CHECK_FALSE(f[2]);
    CHECK(*f[3] == "{\"k\":\"a\\nb\"}");
    CHECK(store::parse_copy_line("a\t").size() == 2);
}

TEST_CASE("page cursors round-trip and malformed ones are refused", "[publish][api]")
{
    auto const c = publish::page_cursor(sample("x"));
    CHECK(c == "1767323045000006_7");
    CHECK(publish::parse_page_cursor(c) == std::make_pair(std::int64_t{1767323045000006}, std::int64_t{7}));
    CHECK_FALSE(publish::parse_page_cursor("12"));
    CHECK_FALSE(publish::parse_page_cursor("_7"));
    CHECK_FALSE(publish::parse_page_cursor("1_7x"));
}

TEST_CASE("publish event payloads round-trip and junk is ignored", "[live][notify]")
{
    auto const p = store::publish_event_payload({3, 42, false, 7});
    CHECK(p == "{\"consultation_id\":3,\"event\":\"unpublish\",\"id\":42,\"seq\":7}");
    auto const e = store::parse_publish_event(p);
    REQUIRE(e);
    CHECK(e->consultation_id == 3);
    CHECK(e->contribution_id == 42);
    CHECK_FALSE(e->published);
    CHECK(e->seq == 7);
    // A node older than sql/018 sends no id: its events still recompute the summary.
    CHECK(store::parse_publish_event("{\"consultation_id\":1,\"id\":2,\"event\":\"publish\"}")->seq == 0);
    CHECK_FALSE(store::parse_publish_event("{\"seq\":-1,\"consultation_id\":1,\"id\":2,\"event\":\"publish\"}"));
    CHECK_FALSE(store::parse_publish_event("{\"consultation_id\":1,\"id\":2,\"event\":\"delete\"}"));
    CHECK_FALSE(store::parse_publish_event("not json"));
}

TEST_CASE("the bar chart escapes labels and scales to the largest count", "[publish][svg]")
{
    auto const svg = publish::bar_chart_svg({{"a", "<b>Sécurité</b>", 10}, {"b", "Santé", 5}});
    CHECK(svg.find("<b>") == std::string::npos);
    CHECK(svg.find("&lt;b&gt;Sécurité&lt;/b&gt;") != std::string::npos);
    CHECK(svg.find("aria-hidden=\"true\"") != std::string::npos);  // the figure's table speaks for it
    CHECK(svg.find("width=\"270\"") != std::string::npos);
    CHECK(svg.find("width=\"135\"") != std::string::npos);
}

TEST_CASE("an Atom feed keeps markup in a contribution as text", "[publish][atom]")
{
    auto const feed =
        publish::atom_feed({"https://x/feeds/m.atom", "T", "https://x/c/m/resultats", "https://x/c/m", "fr", "https://x", "m"},
                           {sample("<script>alert(1)</script> & co")});
    CHECK(feed.find("<script>") == std::string::npos);
    CHECK(feed.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") != std::string::npos);
    CHECK(feed.find("<id>https://x/c/m#c7</id>") != std::string::npos);
}

// Issue #10: feed readers showed entries that led nowhere.
TEST_CASE("every Atom entry links to its contribution's permanent page in the feed's language", "[publish][atom]")
{
    auto const feed = publish::atom_feed(
        {"https://x/feeds/m.atom", "T", "https://x/c/m/resultats", "https://x/c/m", "bm", "https://x", "m"}, {sample("I ni ce")});
    CHECK(feed.find("<link rel=\"alternate\" type=\"text/html\" href=\"https://x/c/m/contributions/7?lang=bm\"/>") !=
          std::string::npos);
    CHECK(publish::contribution_path("ma transition", 42) == "/c/ma%20transition/contributions/42");
}

TEST_CASE("a contribution page shows the redacted text and the public fields, escaped", "[publish][page]")
{
    auto c = sample("<b>Appelez</b> le 76 12 34 56");
    c.sent_by = 3;
    publish::contribution_page_labels l{"Avis publié", "Mopti", "Sécurité", "Tous les résultats", "/c/m/resultats?lang=fr"};
    auto const html = publish::contribution_article(c, "fr", l);
    CHECK(html.find("&lt;b&gt;Appelez&lt;/b&gt; le [numéro masqué]") != std::string::npos);
    CHECK(html.find("76 12") == std::string::npos);
    CHECK(html.find("Mopti · 2026-01-02 · ×3") != std::string::npos);
    CHECK(html.find("<p class=\"themes\">Sécurité</p>") != std::string::npos);
    CHECK(html.find("id=\"c7\"") != std::string::npos);
}

TEST_CASE("the live summary event carries the totals, the counts by theme and the full summary's ETag, no quote", "[live][sse]")
{
    store::consultation_info c;
    c.slug = "matransition";
    store::published_summary s;
    s.total = 12;
    s.last_published_at = "2026-01-02T03:04:05.000006Z";
    s.by_theme = {{"securite", 9}, {"sante", 3}};
    s.by_region = {{"mopti", 12}};
    s.latest = {sample("Appelez-moi au 76 12 34 56")};
    auto const j = publish::live_summary_json(c, s, "\"abc\"");
    CHECK(j.dump() == "{\"by_theme\":[{\"count\":9,\"key\":\"securite\"},{\"count\":3,\"key\":\"sante\"}],"
                      "\"consultation\":\"matransition\",\"etag\":\"\\\"abc\\\"\","
                      "\"last_published_at\":\"2026-01-02T03:04:05.000006Z\",\"total\":12}");
}

TEST_CASE("a page cache renders each key once and stops keeping pages at its capacity", "[live][cache]")
{
    live::page_cache cache;
    int renders = 0;
    auto render = [&renders] {
        ++renders;
        return live::rendered_page{"page " + std::to_string(renders), "\"e\""};
    };
    auto const a = cache.get("embed|fr|5|", render);
    auto const again = cache.get("embed|fr|5|", render);
    CHECK(renders == 1);
    CHECK(a == again);
    CHECK(again->body == "page 1");
    for(std::size_t i = 0; i < 2 * live::page_cache_capacity; ++i)
        cache.get("embed|fr|5|theme" + std::to_string(i), render);
    CHECK(cache.size() == live::page_cache_capacity);
    auto const beyond = cache.get("embed|fr|5|one more", render);
    CHECK(beyond->body == "page " + std::to_string(renders));  // rendered, served, not kept
    cache.get("embed|fr|5|one more", render);
    CHECK(cache.get("embed|fr|5|", render) == a);
}
