#include "channels/archive.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {
// The tweet object of X's API v1.1 documentation ("Tweet object", example), as an API dump holds it.
constexpr std::string_view documented_tweet = R"({"created_at": "Wed Oct 10 20:19:24 +0000 2018",
 "id": 1050118621198921728, "id_str": "1050118621198921728",
 "text": "To make room for more expression, we will now count all emojis as equal—including those with gender‍‍ and skin t… https://t.co/MkGjXf9aXm",
 "user": {"id": 6253282, "id_str": "6253282", "name": "Twitter API", "screen_name": "TwitterAPI"},
 "in_reply_to_status_id_str": null, "retweet_count": 161})";

// One element of an archive's data/tweets.js.
constexpr std::string_view archive_tweet = R"({"tweet" : {"retweeted" : false,
 "id_str" : "1320000000000000001", "created_at" : "Fri Nov 06 09:30:00 +0000 2020",
 "full_text" : "@MaTransition An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.",
 "in_reply_to_status_id_str" : "1319999999999999999", "in_reply_to_user_id_str" : "42"}})";

// One comment of the Graph API's /{object-id}/comments answer (documentation example, with the
// fields `baro import` asks for).
constexpr std::string_view graph_comment = R"({"created_time": "2016-08-05T23:19:58+0000",
 "from": {"name": "Awa Traoré", "id": "10153914587081489"},
 "message": "La transition doit rendre le pouvoir aux civils.",
 "permalink_url": "https://www.facebook.com/10153915071651489/posts/10153915071651489?comment_id=10153915086216489",
 "parent": {"id": "10153915071651489_10153915080000000"},
 "id": "10153915071651489_10153915086216489"})";

std::map<std::string, std::size_t> documented_columns()
{
    auto const h = csv_header("platform,id,created_at,author_id,text,url,in_reply_to");
    REQUIRE(h.ok());
    return *h;
}
}  // namespace

TEST_CASE("X's date format is read with its offset", "[channels][archive]")
{
    CHECK(x_date("Wed Oct 10 20:19:24 +0000 2018") == "2018-10-10T20:19:24+00:00");
    CHECK(x_date("Sat Feb 29 23:59:59 -0130 2020") == "2020-02-29T23:59:59-01:30");
    CHECK(x_date("Sun Feb 29 12:00:00 +0000 2021").empty());  // 2021 has no 29 February
    CHECK(x_date("Wed Foo 10 20:19:24 +0000 2018").empty());
    CHECK(x_date("2018-10-10T20:19:24Z").empty());
}

TEST_CASE("ISO dates are checked field by field and written with their offset", "[channels][archive]")
{
    CHECK(iso_date("2016-08-05T23:19:58+0000") == "2016-08-05T23:19:58+00:00");
    CHECK(iso_date("2020-11-06T09:30:00.123Z") == "2020-11-06T09:30:00.123+00:00");
    CHECK(iso_date("2020-11-06 09:30:00 +01:00") == "2020-11-06T09:30:00+01:00");
    CHECK(iso_date("2020-11-06T09:30:00") == "2020-11-06T09:30:00+00:00");
    CHECK(iso_date("2020-02-30T09:30:00Z").empty());
    CHECK(iso_date("2020-11-06T24:00:00Z").empty());
    CHECK(iso_date("2020-11-06T09:30:00+1500").empty());
    CHECK(iso_date("2020-11-06T09:30:00Zjunk").empty());
    CHECK(iso_date("2020-11-06").empty());
    CHECK(iso_date("").empty());
}

TEST_CASE("a tweet of X's documentation becomes a post with its id_str, text, date, author and permalink",
          "[channels][archive]")
{
    auto const p = parse_tweet(documented_tweet);
    REQUIRE(p.ok());
    CHECK(p->platform == "x");
    CHECK(p->id == "1050118621198921728");
    CHECK(p->posted_at == "2018-10-10T20:19:24+00:00");
    CHECK(p->author_id == "6253282");
    CHECK(p->text.rfind("To make room for more expression", 0) == 0);
    CHECK(p->permalink == "https://x.com/i/web/status/1050118621198921728");
    CHECK(p->in_reply_to.empty());
}

TEST_CASE("a tweets.js record keeps full_text with its Bambara tone marks and the tweet it answers",
          "[channels][archive]")
{
    auto const p = parse_tweet(archive_tweet);
    REQUIRE(p.ok());
    CHECK(p->id == "1320000000000000001");
    CHECK(p->text == "@MaTransition An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
    CHECK(p->in_reply_to == "1319999999999999999");
    CHECK(p->author_id.empty());  // an archive holds one account's own tweets, without a user object
}

TEST_CASE("an API v2 tweet takes id, author_id and the replied_to reference", "[channels][archive]")
{
    auto const p = parse_tweet(R"({"id":"1460323737035677698","text":"Kalata ka kɛ!","author_id":"2244994945",
        "created_at":"2021-11-15T19:08:05.000Z","referenced_tweets":[{"type":"replied_to","id":"1460323737035677000"}]})");
    REQUIRE(p.ok());
    CHECK(p->id == "1460323737035677698");
    CHECK(p->author_id == "2244994945");
    CHECK(p->posted_at == "2021-11-15T19:08:05.000+00:00");
    CHECK(p->in_reply_to == "1460323737035677000");
}

TEST_CASE("a broken tweet is an error naming its field", "[channels][archive]")
{
    CHECK_FALSE(parse_tweet("{\"tweet\": {\"id_str\": \"1\"").ok());
    CHECK(parse_tweet(R"({"full_text":"no id"})").err().field == "id");
    CHECK(parse_tweet(R"({"id_str":"1","full_text":""})").err().field == "text");
    CHECK(parse_tweet(R"({"id_str":"1","full_text":"a","created_at":"yesterday"})").err().message ==
          "created_at: not a date (\"yesterday\")");
    CHECK(parse_tweet(R"({"id_str":"1 OR 1=1","full_text":"a"})").err().field == "id");
    CHECK_FALSE(parse_tweet(R"({"id_str":1,"full_text":"a"})").ok());
    CHECK_FALSE(parse_tweet("[1,2]").ok());
}

TEST_CASE("a Graph API comment becomes a Facebook post with its parent and permalink", "[channels][archive]")
{
    auto const p = parse_facebook_comment(graph_comment);
    REQUIRE(p.ok());
    CHECK(p->platform == "facebook");
    CHECK(p->id == "10153915071651489_10153915086216489");
    CHECK(p->posted_at == "2016-08-05T23:19:58+00:00");
    CHECK(p->author_id == "10153914587081489");
    CHECK(p->text == "La transition doit rendre le pouvoir aux civils.");
    CHECK(p->permalink.rfind("https://www.facebook.com/", 0) == 0);
    CHECK(p->in_reply_to == "10153915071651489_10153915080000000");
}

TEST_CASE("a comment without message or with a bad date is an error naming the field", "[channels][archive]")
{
    CHECK(parse_facebook_comment(R"({"id":"1_2","created_time":"2016-08-05T23:19:58+0000"})").err().field == "text");
    CHECK(parse_facebook_comment(R"({"id":"1_2","message":"a","created_time":"5 August"})").err().field == "created_time");
    CHECK(parse_facebook_comment(R"({"id":"1_2","message":"a","permalink_url":"javascript:void"})").err().field == "url");
    CHECK_FALSE(parse_facebook_comment(R"({"message":"a"})").ok());
}

TEST_CASE("CSV fields follow RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes",
          "[channels][archive]")
{
    auto const f = csv_fields("x,\"a, \"\"b\"\"\nc\",,end\r");
    REQUIRE(f.ok());
    CHECK(*f == std::vector<std::string>{"x", "a, \"b\"\nc", "", "end"});
    CHECK_FALSE(csv_fields("x,\"open").ok());
    CHECK_FALSE(csv_fields("x,a\"b").ok());
    CHECK_FALSE(csv_fields("x,\"a\"b").ok());
}

TEST_CASE("the CSV header may order its columns freely but must name each documented one", "[channels][archive]")
{
    auto const h = csv_header("\xEF\xBB\xBFtext,id,platform,created_at,author_id,url,in_reply_to,extra");
    REQUIRE(h.ok());
    CHECK(h->at("text") == 0);
    CHECK(h->at("platform") == 2);
    auto const missing = csv_header("platform,id,created_at,text,url,in_reply_to");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.err().field == "author_id");
}

TEST_CASE("a CSV record becomes a post; an unknown platform or a shifted line is an error", "[channels][archive]")
{
    auto const cols = documented_columns();
    auto const p = parse_csv_post("instagram,17895695668004550,2020-11-06T09:30:00Z,17841400000000000,"
                                  "\"Sigida, an ka jamana\",https://www.instagram.com/p/CHQ1/,",
                                  cols);
    REQUIRE(p.ok());
    CHECK(p->platform == "instagram");
    CHECK(p->text == "Sigida, an ka jamana");
    CHECK(p->posted_at == "2020-11-06T09:30:00+00:00");
    CHECK(p->in_reply_to.empty());
    CHECK(parse_csv_post("tiktok,1,,,a,,", cols).err().field == "platform");
    CHECK(parse_csv_post("x,2020-11-06T09:30:00Z,1,,a,,", cols).err().field == "id");
    CHECK(parse_csv_post("x,1,,,,,", cols).err().field == "text");
}

TEST_CASE("a JSONL line becomes a post with the CSV's columns as members", "[channels][archive]")
{
    auto const p = parse_jsonl_post(R"({"platform":"x","id":"77","created_at":"2020-11-06T09:30:00+00:00",)"
                                    R"("author_id":"9","text":"Ŋaniya bɛ an na","url":"https://x.com/i/web/status/77"})");
    REQUIRE(p.ok());
    CHECK(p->id == "77");
    CHECK(p->author_id == "9");
    CHECK(p->text == "Ŋaniya bɛ an na");
    CHECK_FALSE(parse_jsonl_post(R"({"platform":"x","id":"77","text":"a")").ok());
    CHECK(parse_jsonl_post(R"({"platform":"sms","id":"77","text":"a"})").err().field == "platform");
}
