#include "publish/bar_chart.hpp"
#include "publish/charts.hpp"
#include "publish/region_map.hpp"
#include "publish/share_card.hpp"
#include "publish/time_chart.hpp"

#include <catch2/catch.hpp>

using namespace baro::publish;

namespace {
std::size_t code_point_count(std::string const& s)
{
    std::size_t n = 0;
    for(unsigned char ch : s)
        n += (ch & 0xC0) != 0x80;
    return n;
}

std::size_t occurrences(std::string const& hay, std::string const& needle)
{
    std::size_t n = 0;
    for(auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1))
        ++n;
    return n;
}
}  // namespace

TEST_CASE("a long theme label wraps at spaces and never exceeds the line length", "[publish][charts]")
{
    auto const lines = wrap_label("Sécurité, paix et réconciliation nationale dans les régions du nord et du centre", 20);
    REQUIRE(lines.size() > 1);
    for(auto const& l : lines)
    {
        CHECK(code_point_count(l) <= 20);
        CHECK(l.front() != ' ');
        CHECK(l.back() != ' ');
    }
    CHECK(lines.front() == "Sécurité, paix et");
}

TEST_CASE("a word longer than a line is cut inside it, counting characters not bytes", "[publish][charts]")
{
    auto const lines = wrap_label("ɲɛɲɛɲɛɲɛɲɛ", 4);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "ɲɛɲɛ");
    CHECK(lines[2] == "ɲɛ");
}

TEST_CASE("an empty label is one empty line", "[publish][charts]")
{
    CHECK(wrap_label("", 10) == std::vector<std::string>{""});
}

TEST_CASE("the colour scale puts the largest count darkest and any count above none", "[publish][charts]")
{
    CHECK(shade_class(0, 100) == 0);
    CHECK(shade_class(1, 100) == 1);
    CHECK(shade_class(20, 100) == 1);
    CHECK(shade_class(21, 100) == 2);
    CHECK(shade_class(100, 100) == shade_classes);
    CHECK(shade_class(3, 0) == 0);
    CHECK(shade_colour(0) != shade_colour(1));
}

TEST_CASE("day bins fill the days without contributions with zeros", "[publish][charts]")
{
    auto const bins = day_bins({{"2026-01-30", 4}, {"2026-02-02", 1}}, {{"2026-01-31", 2}}, 60);
    REQUIRE(bins.size() == 4);
    CHECK(bins[0].first == "2026-01-30");
    CHECK(bins[0].received == 4);
    CHECK(bins[1].published == 2);
    CHECK(bins[2].received == 0);
    CHECK(bins[2].published == 0);
    CHECK(bins[3].first == "2026-02-02");
}

TEST_CASE("a long consultation is binned by several days, and no contribution is lost", "[publish][charts]")
{
    std::vector<day_count> received;
    for(int d = 1; d <= 28; ++d)
        received.push_back({"2026-02-" + std::string(d < 10 ? "0" : "") + std::to_string(d), 1});
    received.push_back({"2026-12-31", 5});
    received.push_back({"not a day", 100});
    auto const bins = day_bins(received, {}, 60);
    CHECK(bins.size() <= 60);
    std::int64_t total = 0;
    for(auto const& b : bins)
        total += b.received;
    CHECK(total == 33);
    CHECK(bins.front().first == "2026-02-01");
    CHECK(bins.back().last == "2026-12-31");
}

TEST_CASE("a 2023 region is drawn on the 1991 region it came from", "[publish][charts]")
{
    CHECK(map_shape_of("kita") == "kayes");
    CHECK(map_shape_of("menaka") == "gao");
    CHECK(map_shape_of("taoudenit") == "tombouctou");
    CHECK(map_shape_of("bamako") == "bamako");
    CHECK(map_shape_of("diaspora").empty());
    CHECK(map_shape_of("atlantis").empty());
}

TEST_CASE("the map shades merged regions together and marks Bamako and the diaspora", "[publish][charts]")
{
    auto const svg = region_map_svg({{"kayes", 3}, {"kita", 7}, {"diaspora", 10}, {"bamako", 2}}, {"Diaspora", "Bamako", "0"});
    CHECK(svg.find("data-region=\"kayes\" data-n=\"10\"") != std::string::npos);
    CHECK(svg.find("data-region=\"diaspora\" data-n=\"10\"") != std::string::npos);
    CHECK(svg.find("<circle data-region=\"bamako\" data-n=\"2\"") != std::string::npos);
    CHECK(svg.find("aria-hidden=\"true\"") != std::string::npos);
    CHECK(svg.find("role=\"img\"") == std::string::npos);
}

TEST_CASE("an empty map is all grey with a legend of one class", "[publish][charts]")
{
    auto const svg = region_map_svg({}, {"Diaspora", "Bamako", "0"});
    CHECK(occurrences(svg, std::string(shade_colour(1))) == 0);
    CHECK(occurrences(svg, "≥") == 0);
}

TEST_CASE("the bar chart wraps a long label onto several lines and escapes it", "[publish][charts]")
{
    std::string const label(120, 'a');
    auto const svg = bar_chart_svg({{"k", label + " <b>", 3}});
    CHECK(occurrences(svg, "<tspan") >= 3);
    CHECK(svg.find("<b>") == std::string::npos);
    CHECK(svg.find("aria-hidden=\"true\"") != std::string::npos);
}

TEST_CASE("the trend draws one group per bin and the bins' first and last days", "[publish][charts]")
{
    auto const bins = day_bins({{"2026-03-01", 2}, {"2026-03-03", 1}}, {{"2026-03-01", 1}}, 60);
    auto const svg = time_chart_svg(bins, {"reçus", "publiés"});
    CHECK(occurrences(svg, "<g data-day=") == 3);
    CHECK(svg.find(">2026-03-03</text>") != std::string::npos);
}

TEST_CASE("a chart's data table has a caption, column headers and escaped rows", "[publish][charts]")
{
    auto const t = data_table("Par thème", {"", "Nombre"}, {{"<santé>", {"3"}}});
    CHECK(t.find("<caption>Par thème</caption>") != std::string::npos);
    CHECK(t.find("<th scope=\"row\">&lt;santé&gt;</th><td>3</td>") != std::string::npos);
}

TEST_CASE("the share card is 1200 by 630 and cuts a very long title", "[publish][charts]")
{
    share_figures f;
    f.title = std::string(300, 'x');
    f.total = 5000;
    f.total_label = "avis publiés";
    f.top_themes = {{"Santé", 10}};
    auto const svg = share_card_svg(f);
    CHECK(svg.find("width=\"1200\" height=\"630\"") != std::string::npos);
    CHECK(svg.find("…") != std::string::npos);
    CHECK(svg.find(">5000<") != std::string::npos);
}
