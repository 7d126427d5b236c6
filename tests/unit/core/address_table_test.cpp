#include "core/address_table.hpp"
#include "core/log_throttle.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace baro;

TEST_CASE("an address gets no more slots than its cap and gets them back when leases end", "[core][limits]")
{
    address_table t(2, 10);
    auto a = t.admit("196.201.214.7");
    auto b = t.admit("196.201.214.7");
    CHECK(a.slot.held());
    CHECK(b.slot.held());
    auto c = t.admit("196.201.214.7");
    CHECK_FALSE(c.slot.held());
    CHECK(c.refused == address_table::refusal::per_address);
    // another address is not affected
    CHECK(t.admit("196.201.214.8").slot.held());
    CHECK(t.held_by("196.201.214.7") == 2);
    {
        auto moved = std::move(a.slot);
        CHECK_FALSE(a.slot.held());
        CHECK(t.held_by("196.201.214.7") == 2);
    }
    CHECK(t.held_by("196.201.214.7") == 1);
    CHECK(t.admit("196.201.214.7").slot.held());
}

TEST_CASE("the total cap refuses every address once reached, trusted proxies included", "[core][limits]")
{
    address_table t(0, 3);
    std::vector<address_table::lease> held;
    held.push_back(t.admit("10.0.0.1").slot);
    held.push_back(t.admit("10.0.0.2").slot);
    held.push_back(t.admit_total_only().slot);
    CHECK(t.total() == 3);
    CHECK(t.admit("10.0.0.3").refused == address_table::refusal::total);
    CHECK(t.admit_total_only().refused == address_table::refusal::total);
    held.pop_back();
    CHECK(t.admit_total_only().slot.held());
    held.clear();
    CHECK(t.total() == 0);
    CHECK(t.addresses() == 0);
}

TEST_CASE("a cap of zero means no cap", "[core][limits]")
{
    address_table t(0, 0);
    std::vector<address_table::lease> held;
    for(int i = 0; i < 1000; ++i)
        held.push_back(t.admit("127.0.0.1").slot);
    CHECK(t.held_by("127.0.0.1") == 1000);
}

TEST_CASE("IPv6 clients are counted by their /64 and IPv4-mapped ones as IPv4", "[core][limits]")
{
    CHECK(limit_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    CHECK(limit_key("2001:db8:1:2:bbbb::9") == limit_key("2001:db8:1:2:aaaa::1"));
    CHECK(limit_key("2001:db8:1:3::1") != limit_key("2001:db8:1:2::1"));
    CHECK(limit_key("::ffff:196.201.214.7") == "196.201.214.7");
    CHECK(limit_key("196.201.214.7") == "196.201.214.7");
    CHECK(limit_key("unknown") == "unknown");
}

TEST_CASE("loopback addresses are recognised in every spelling", "[core][limits]")
{
    CHECK(is_loopback("127.0.0.1"));
    CHECK(is_loopback("127.0.0.2"));
    CHECK(is_loopback("::1"));
    CHECK(is_loopback("::ffff:127.0.0.1"));
    CHECK_FALSE(is_loopback("10.0.0.1"));
    CHECK_FALSE(is_loopback("::2"));
    CHECK_FALSE(is_loopback("::ffff:10.0.0.1"));
    CHECK_FALSE(is_loopback("localhost"));
}

TEST_CASE("a flood of events makes one log line a second carrying the count", "[core][limits]")
{
    using namespace std::chrono_literals;
    log_throttle t(1s);
    auto const start = log_throttle::clock::time_point{} + 100s;
    CHECK(t.note(start) == 1u);  // the first event is logged at once
    int lines = 0;
    for(int i = 1; i <= 10000; ++i)
        if(t.note(start + i * 50us))
            ++lines;
    CHECK(lines == 0);
    CHECK(t.note(start + 1s) == 10001u);
    CHECK_FALSE(t.note(start + 1500ms));
}
