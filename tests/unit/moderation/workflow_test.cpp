#include "moderation/rules/workflow.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace baro;
using namespace baro::moderation;

TEST_CASE("every status and action: exactly the allowed transitions succeed", "[moderation][workflow]")
{
    std::map<std::pair<std::string, std::string>, std::string> const allowed{
        {{"new", "publish"}, "published"},   {{"new", "reject"}, "rejected"},    {{"new", "spam"}, "spam"},
        {{"new", "duplicate"}, "duplicate"}, {{"new", "archive"}, "archived"},   {{"published", "unpublish"}, "unpublished"},
        {{"rejected", "reopen"}, "new"},     {{"spam", "reopen"}, "new"},        {{"duplicate", "reopen"}, "new"},
        {{"archived", "reopen"}, "new"},     {{"unpublished", "reopen"}, "new"}, {{"unpublished", "publish"}, "published"},
    };
    std::set<std::string> const statuses{"new", "published", "rejected", "spam", "duplicate", "archived", "unpublished"};
    int checked = 0;
    for(auto const& s : statuses)
        for(auto const& a : actions())
        {
            decision d{a, "off_topic", 42};
            auto const r = next_status(s, d);
            auto const it = allowed.find({s, a});
            INFO(s << " + " << a);
            if(it == allowed.end())
            {
                REQUIRE_FALSE(r.ok());
                CHECK(r.err().code == errc::conflict);
            }
            else
            {
                REQUIRE(r.ok());
                CHECK(*r == it->second);
            }
            ++checked;
        }
    CHECK(checked == 7 * 7);
}

TEST_CASE("a rejection needs a listed reason, a duplicate its original, an action must exist", "[moderation][workflow]")
{
    CHECK(next_status("new", {"reject", "", 0}).err().field == "reason");
    CHECK(next_status("new", {"reject", "because", 0}).err().field == "reason");
    CHECK(next_status("new", {"reject", "insult", 0}).value() == "rejected");
    CHECK(next_status("new", {"duplicate", "", 0}).err().field == "duplicate_of");
    CHECK(next_status("new", {"delete", "", 0}).err().code == errc::unprocessable);
    CHECK(next_status("published", {"publish", "", 0}).err().code == errc::conflict);
}
