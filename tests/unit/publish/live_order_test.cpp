// Global live-event ids (issue 12): the ordering rules a node applies, so that an EventSource may
// resume from its Last-Event-ID on any node.
#include "live/event_order.hpp"
#include "live/hub.hpp"
#include "live/relay.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace baro;

namespace {

struct recorder final : live::subscriber
{
    void deliver(live::frame const& f) override { got.push_back(*f); }
    std::vector<std::string> got;
};

std::vector<std::string> texts(std::vector<live::frame> const& frames)
{
    std::vector<std::string> out;
    for(auto const& f : frames)
        out.push_back(*f);
    return out;
}

std::string contribution(std::uint64_t id)
{
    return "id: " + std::to_string(id) + "\nevent: contribution\ndata: " + std::to_string(id) + "\n\n";
}

}  // namespace

TEST_CASE("events whose reads finish out of order still leave in the order they were heard", "[live][order]")
{
    live::event_order order;
    std::vector<int> sent;
    for(std::uint64_t id : {11, 12, 13, 14})
        order.expect(id);
    order.ready(13, [&] { sent.push_back(13); });
    order.ready(12, [&] { sent.push_back(12); });
    CHECK(sent.empty());  // 11 is still being read
    CHECK(order.waiting() == 4);
    order.ready(11, {});  // unpublished again meanwhile: nothing to send, and it holds nothing back
    CHECK(sent == std::vector<int>{12, 13});
    order.ready(14, [&] { sent.push_back(14); });
    CHECK(sent == std::vector<int>{12, 13, 14});
    CHECK(order.waiting() == 0);
}

TEST_CASE("a node resumes a stream from an id another node sent, with exactly the events after it, then the summary",
          "[live][order]")
{
    net::io_context ioc;
    auto const h = std::make_shared<live::hub>(ioc, 1);
    h->restart_from(100);
    h->publish_summary("1/fr", "s0");
    for(std::uint64_t id = 101; id <= 104; ++id)
        CHECK(h->publish("1/fr", "contribution", std::to_string(id), id));
    h->publish("2/fr", "contribution", "105", 105);  // another consultation: a gap in this topic's ids
    h->publish_summary("1/fr", "s1");
    CHECK(h->newest() == 105);

    auto const reader = std::make_shared<recorder>();
    auto const first = h->join("1/fr", reader, 0, 102);
    REQUIRE(first);
    CHECK(texts(*first) ==
          std::vector<std::string>{contribution(103), contribution(104), "id: 105\nevent: summary\ndata: s1\n\n"});

    // What comes after is delivered live, once.
    CHECK(h->publish("1/fr", "contribution", "106", 106));
    ioc.poll();
    CHECK(reader->got == std::vector<std::string>{contribution(106)});

    // Resuming from the newest id misses nothing and replays nothing but the summary.
    auto const other = std::make_shared<recorder>();
    auto const none = h->join("1/fr", other, 0, 106);
    REQUIRE(none);
    CHECK(none->size() == 1);
}

// Regression (found by tests/deploy/two_nodes.mjs): the snapshot after a replay kept the id it was
// made with, older than the replayed events, and took the client's Last-Event-ID back.
TEST_CASE("the summary that ends a replay carries the newest id, never an older one", "[live][order]")
{
    net::io_context ioc;
    auto const h = std::make_shared<live::hub>(ioc, 1);
    h->restart_from(1);
    h->publish_summary("1/fr", "s");  // made at id 1
    h->publish("1/fr", "contribution", "4", 4);
    auto const reader = std::make_shared<recorder>();
    auto const first = h->join("1/fr", reader, 0, 3);
    REQUIRE(first);
    CHECK(texts(*first) == std::vector<std::string>{contribution(4), "id: 4\nevent: summary\ndata: s\n\n"});
}

TEST_CASE("ids never go backwards on a node, and an id it has not reached yet is not joined", "[live][order]")
{
    net::io_context ioc;
    auto const h = std::make_shared<live::hub>(ioc, 1);
    h->restart_from(10);
    CHECK_FALSE(h->publish("1/fr", "contribution", "9", 9));  // at or before the floor: maybe heard, maybe not
    CHECK_FALSE(h->publish("1/fr", "contribution", "10", 10));
    CHECK(h->publish("1/fr", "contribution", "12", 12));
    CHECK(h->publish("1/bm", "contribution", "12", 12));  // the same event in another language
    CHECK_FALSE(h->publish("1/fr", "contribution", "11", 11));

    auto const reader = std::make_shared<recorder>();
    CHECK_FALSE(h->join("1/fr", reader, 0, 13));  // a client from a node whose listener is ahead
    CHECK(h->size() == 0);
    CHECK(h->publish("1/fr", "contribution", "13", 13));
    auto const caught_up = h->join("1/fr", reader, 0, 13);
    REQUIRE(caught_up);
    CHECK(caught_up->empty());
    CHECK(h->size() == 1);
}

TEST_CASE("after the listener starts again, a resume from before its floor starts over from the snapshot", "[live][order]")
{
    net::io_context ioc;
    auto const h = std::make_shared<live::hub>(ioc, 1);
    h->restart_from(10);
    h->publish("1/fr", "contribution", "11", 11);
    h->publish_summary("1/fr", "s");
    h->restart_from(20);  // events 12..20 may have been missed while the listener was away
    auto const reader = std::make_shared<recorder>();
    auto const first = h->join("1/fr", reader, 0, 11);
    REQUIRE(first);
    CHECK(texts(*first) == std::vector<std::string>{"id: 20\nevent: summary\ndata: s\n\n"});
}

TEST_CASE("a failed read of a live event is tried again after 100 ms, doubling, never more than 2 s apart", "[live][order]")
{
    CHECK(live::relay_retry_delay(1) == std::chrono::milliseconds(100));
    CHECK(live::relay_retry_delay(2) == std::chrono::milliseconds(200));
    CHECK(live::relay_retry_delay(5) == std::chrono::milliseconds(1600));
    CHECK(live::relay_retry_delay(6) == std::chrono::milliseconds(2000));
    CHECK(live::relay_retry_delay(1000) == std::chrono::milliseconds(2000));
}
