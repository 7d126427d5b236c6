#include "publish/small_cells.hpp"

#include <catch2/catch.hpp>

using namespace baro::publish;
using baro::store::count_row;

namespace {
std::vector<std::string_view> const genders = {"woman", "man", "unsaid"};
std::vector<std::string_view> const bands = {"under_25", "25_34", "35_49", "50_plus", "unsaid"};
}  // namespace

TEST_CASE("12 women and 3 men: men are 'fewer than 10' and no total lets a reader compute them", "[publish][demographics]")
{
    auto const cells = suppress_small_cells({{"woman", 12}, {"man", 3}}, genders);
    REQUIRE(cells.size() == 3);
    CHECK(cells[0].key == "woman");
    CHECK(cells[0].shown == cell_shown::count);
    CHECK(cells[0].count == 12);
    CHECK(cells[1].shown == cell_shown::fewer_than);
    CHECK(cells[1].count == 0);
    // Nobody said "prefer not to say": a cell of 0 is suppressed too, so 15 - 12 is split between two
    // hidden cells and neither can be known.
    CHECK(cells[2].shown == cell_shown::fewer_than);
}

TEST_CASE("a single suppressed cell withholds the smallest shown one, never a larger one", "[publish][demographics]")
{
    auto const cells = suppress_small_cells({{"woman", 40}, {"man", 25}, {"unsaid", 4}}, genders);
    CHECK(cells[0].shown == cell_shown::count);
    CHECK(cells[0].count == 40);
    CHECK(cells[1].shown == cell_shown::withheld);
    CHECK(cells[1].count == 0);
    CHECK(cells[2].shown == cell_shown::fewer_than);
}

TEST_CASE("cells of 10 or more are all shown, answers in their fixed order", "[publish][demographics]")
{
    auto const cells = suppress_small_cells({{"man", 10}, {"woman", 11}, {"unsaid", 10}}, genders);
    CHECK(cells[0].key == "woman");
    for(auto const& c : cells)
        CHECK(c.shown == cell_shown::count);
    CHECK(cells[1].count == 10);
}

TEST_CASE("with nobody answering, every cell is suppressed and no number appears", "[publish][demographics]")
{
    for(auto const& c : suppress_small_cells({}, bands))
    {
        CHECK(c.shown == cell_shown::fewer_than);
        CHECK(c.count == 0);
    }
}

TEST_CASE("an answer outside the question's list is not shown as a cell", "[publish][demographics]")
{
    auto const cells = suppress_small_cells({{"other", 50}, {"under_25", 30}, {"25_34", 30}, {"35_49", 30}, {"50_plus", 30},
                                             {"unsaid", 30}},
                                            bands);
    REQUIRE(cells.size() == 5);
    for(auto const& c : cells)
        CHECK(c.count == 30);
}
