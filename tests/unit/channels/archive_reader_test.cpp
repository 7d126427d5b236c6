#include "channels/archive_reader.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::channels;

namespace {
// Feeds `text` in pieces of `step` bytes, as the file is read, and collects the records.
template<class Reader>
std::vector<archive_record> cut(Reader reader, std::string_view text, std::size_t step = 7)
{
    std::vector<archive_record> out;
    auto const sink = [&](archive_record const& r) { out.push_back(r); };
    for(std::size_t i = 0; i < text.size(); i += step)
        reader.feed(text.substr(i, step), sink);
    reader.finish(sink);
    return out;
}
}  // namespace

TEST_CASE("tweets.js is cut into its tweet records, with the line each starts on", "[channels][archive]")
{
    auto const r = cut(json_record_reader(json_layout::items),
                       "window.YTD.tweets.part0 = [\n  {\n    \"tweet\" : {\"id_str\" : \"1\", \"full_text\" : \"a } [ \\\" b\"}\n  },\n"
                       "  {\n    \"tweet\" : {\"id_str\" : \"2\"}\n  }\n]\n");
    REQUIRE(r.size() == 2);
    CHECK(r[0].line == 2);
    CHECK(r[0].index == 0);
    CHECK(r[0].broken.empty());
    CHECK(r[0].text == "{\n    \"tweet\" : {\"id_str\" : \"1\", \"full_text\" : \"a } [ \\\" b\"}\n  }");
    CHECK(r[1].line == 5);
    CHECK(r[1].index == 1);
}

TEST_CASE("JSONL and concatenated arrays of tweets are cut the same way", "[channels][archive]")
{
    auto const r = cut(json_record_reader(json_layout::items), "{\"id\":\"1\"}\n{\"id\":\"2\"}\n[{\"id\":\"3\"}][{\"id\":\"4\"}]");
    REQUIRE(r.size() == 4);
    CHECK(r[3].text == "{\"id\":\"4\"}");
    CHECK(r[2].line == 3);
}

TEST_CASE("a record cut short on its line is reported and the next line is read", "[channels][archive]")
{
    auto const r = cut(json_record_reader(json_layout::items), "{\"id\":\"1\"}\n{\"id\":\"2\",\"text\":\"cut\n{\"id\":\"3\"}\n"
                                                                 "{\"id\":\"4\",\"user\":{\n{\"id\":\"5\"}\n");
    REQUIRE(r.size() == 5);
    CHECK(r[1].line == 2);
    CHECK_FALSE(r[1].broken.empty());
    CHECK(r[2].text == "{\"id\":\"3\"}");
    CHECK(r[3].line == 4);
    CHECK(r[3].broken == "not closed before line 5");
    CHECK(r[4].text == "{\"id\":\"5\"}");
    CHECK(r[4].broken.empty());
}

TEST_CASE("Graph API pages give the comments of their data arrays, not their paging", "[channels][archive]")
{
    auto const pages = "{\"data\":[{\"id\":\"1_1\",\"message\":\"a\",\"from\":{\"id\":\"9\"}},{\"id\":\"1_2\"}],"
                       "\"paging\":{\"cursors\":{\"before\":\"QVFI\",\"after\":\"QVFJ\"},\"next\":\"https://graph.facebook.com/x\"}}\n"
                       "{\"paging\":{\"previous\":\"p\"},\"data\":[{\"id\":\"1_3\",\"data\":[{\"id\":\"no\"}]}]}";
    auto const r = cut(json_record_reader(json_layout::data_pages), pages, 5);
    REQUIRE(r.size() == 3);
    CHECK(r[0].text == "{\"id\":\"1_1\",\"message\":\"a\",\"from\":{\"id\":\"9\"}}");
    CHECK(r[1].text == "{\"id\":\"1_2\"}");
    CHECK(r[2].text == "{\"id\":\"1_3\",\"data\":[{\"id\":\"no\"}]}");
    CHECK(r[2].line == 2);
}

TEST_CASE("a record over the size bound is reported without its text", "[channels][archive]")
{
    std::string big = "{\"id\":\"1\",\"text\":\"" + std::string(max_record_bytes, 'a') + "\"}\n{\"id\":\"2\"}";
    auto const r = cut(json_record_reader(json_layout::items), big, 4096);
    REQUIRE(r.size() == 2);
    CHECK(r[0].broken == "longer than 1 MiB");
    CHECK(r[0].text.size() < 16);
    CHECK(r[1].broken.empty());
}

TEST_CASE("a file that ends inside a record reports it", "[channels][archive]")
{
    auto const r = cut(json_record_reader(json_layout::items), "[{\"id\":\"1\"},{\"id\":");
    REQUIRE(r.size() == 2);
    CHECK(r[1].broken == "the file ends inside this record");
}

TEST_CASE("CSV records continue past line breaks inside quotes and keep their first line", "[channels][archive]")
{
    auto const r = cut(csv_record_reader(), "platform,id,text\r\nx,1,\"two\nlines\"\r\n\nx,2,\"say \"\"hi\"\"\"\nx,3,last");
    REQUIRE(r.size() == 4);
    CHECK(r[0].text == "platform,id,text\r");
    CHECK(r[1].text == "x,1,\"two\nlines\"\r");
    CHECK(r[1].line == 2);
    CHECK(r[2].line == 5);
    CHECK(r[3].text == "x,3,last");
    CHECK(r[3].line == 6);
}

TEST_CASE("a CSV quote left open at the end of the file is reported", "[channels][archive]")
{
    auto const r = cut(csv_record_reader(), "h\nx,\"open\nmore");
    REQUIRE(r.size() == 2);
    CHECK_FALSE(r[1].broken.empty());
    CHECK(r[1].line == 2);
}

TEST_CASE("JSONL lines are records; blank lines are skipped and line numbers kept", "[channels][archive]")
{
    auto const r = cut(line_record_reader(), "{\"a\":1}\r\n\n  \n{\"b\":2}");
    REQUIRE(r.size() == 2);
    CHECK(r[0].text == "{\"a\":1}");
    CHECK(r[1].line == 4);
}
