#include "publish/full_export.hpp"
#include "publish/xlsx_file.hpp"

#include <catch2/catch.hpp>

using namespace baro::publish;

namespace {
baro::store::full_contribution sample()
{
    baro::store::full_contribution c;
    c.id = 42;
    c.received_at = "2026-03-01T10:00:00.000000Z";
    c.status = "rejected";
    c.decided_at = "2026-03-01T11:00:00.000000Z";
    c.language = "bm";
    c.region = "mopti";
    c.channel = "sms";
    c.suggested_themes = {"securite", "education"};
    c.themes = {"securite"};
    c.themes_confirmed = true;
    c.tags = {"featured", "a-verifier"};
    c.duplicate_group = 40;
    c.sender = "7f3a9c";
    c.text = "Appelez le 76 12 34 56 svp";
    return c;
}
}  // namespace

TEST_CASE("a full export row has one cell per column, in the columns' order", "[publish][export]")
{
    auto const columns = full_export_columns();
    auto const cells = full_export_cells("matransition", sample(), false, "fr");
    REQUIRE(cells.size() == columns.size());
    auto cell = [&](std::string const& name) {
        for(std::size_t i = 0; i < columns.size(); ++i)
            if(columns[i] == name)
                return cells[i];
        FAIL("no column " << name);
        return std::string();
    };
    CHECK(cell("id") == "42");
    CHECK(cell("consultation") == "matransition");
    CHECK(cell("status") == "rejected");
    CHECK(cell("published_at").empty());
    CHECK(cell("suggested_themes") == "securite;education");
    CHECK(cell("themes") == "securite");
    CHECK(cell("themes_confirmed") == "true");
    CHECK(cell("tags") == "featured;a-verifier");
    CHECK(cell("duplicate_group") == "40");
    CHECK(cell("duplicate_of").empty());
    CHECK(cell("sender") == "7f3a9c");
}

TEST_CASE("the full export's text is redacted unless an admin asked for it raw", "[publish][export]")
{
    auto const redacted = full_export_cells("matransition", sample(), false, "fr").back();
    CHECK(redacted == "Appelez le [numéro masqué] svp");
    CHECK(full_export_cells("matransition", sample(), false, "en").back().find("76 12 34 56") == std::string::npos);
    CHECK(full_export_cells("matransition", sample(), true, "fr").back() == "Appelez le 76 12 34 56 svp");
}

TEST_CASE("a full export CSV line quotes and neutralises formulas like the open data", "[publish][export]")
{
    CHECK(csv_row({"1", "=HYPERLINK(\"x\")", "a,b", "\u200e+1"}) == "1,\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",'\u200e+1\r\n");
    CHECK(csv_row(full_export_columns()) ==
          "id,consultation,received_at,status,published_at,decided_at,language,region,channel,suggested_themes,themes,"
          "themes_confirmed,tags,duplicate_group,duplicate_of,sender,text\r\n");
}

TEST_CASE("a text too long for a spreadsheet cell is cut on a character boundary", "[publish][export]")
{
    CHECK(utf8_prefix("abc", 10) == "abc");
    CHECK(utf8_prefix("ɛɛɛ", 3) == "ɛ");  // ɛ is two bytes: the third byte would split the second one
    CHECK(utf8_prefix("ɛɛɛ", 4) == "ɛɛ");
    CHECK(utf8_prefix("aɛ", 2) == "a");
}

TEST_CASE("an XLSX export is a zip that leaves nothing behind once taken", "[publish][export]")
{
    auto book = xlsx_file::create("", full_export_columns());
    REQUIRE(book);
    for(int i = 0; i < 3; ++i)
        REQUIRE((*book)->add_row(full_export_cells("matransition", sample(), false, "fr")));
    CHECK((*book)->rows() == 3);
    REQUIRE((*book)->close());
    auto file = (*book)->take();
    REQUIRE(file);
    char magic[2] = {};
    REQUIRE(std::fread(magic, 1, 2, file->get()) == 2);
    CHECK(std::string(magic, 2) == "PK");
    book->reset();  // the private directory goes with the workbook
}
