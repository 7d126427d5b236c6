#include "channels/gateway_auth.hpp"

#include <catch2/catch.hpp>

using namespace baro::channels;

TEST_CASE("behind a trusted proxy the client is the last X-Forwarded-For hop that is not a proxy", "[channels][proxy]")
{
    std::vector<std::string> const proxies{"127.0.0.1", "10.0.0.0/8"};
    // nginx on the same host appends the address it saw
    CHECK(client_address("127.0.0.1", "196.201.214.200", proxies) == "196.201.214.200");
    // a client's own X-Forwarded-For sits to the left and is never believed
    CHECK(client_address("127.0.0.1", "1.2.3.4, 196.201.214.200", proxies) == "196.201.214.200");
    // two proxies: the hop they both trust is skipped
    CHECK(client_address("127.0.0.1", "196.201.214.200, 10.1.2.3", proxies) == "196.201.214.200");
    CHECK(client_address("127.0.0.1", " 2001:db8::7 ,10.1.2.3 ", proxies) == "2001:db8::7");
    // every hop a proxy: the leftmost
    CHECK(client_address("127.0.0.1", "10.9.9.9, 10.1.2.3", proxies) == "10.9.9.9");
    // garbage is returned as is, so that no allow-list matches it
    CHECK(client_address("127.0.0.1", "unknown", proxies) == "unknown");
    CHECK_FALSE(address_allowed({"196.201.214.0/24"}, client_address("127.0.0.1", "unknown", proxies)));
    // no header, empty header: the peer
    CHECK(client_address("127.0.0.1", "", proxies) == "127.0.0.1");
    CHECK(client_address("127.0.0.1", " , ", proxies) == "127.0.0.1");
}

TEST_CASE("X-Forwarded-For from anyone but a trusted proxy is ignored", "[channels][proxy]")
{
    // a gateway's forged header cannot put it inside an allow-list
    CHECK(client_address("203.0.113.9", "196.201.214.200", {"127.0.0.1"}) == "203.0.113.9");
    // no trusted proxy configured: baro faces the internet itself
    CHECK(client_address("127.0.0.1", "196.201.214.200", {}) == "127.0.0.1");
}

TEST_CASE("trusted proxy entries are addresses or CIDR blocks", "[channels][proxy]")
{
    CHECK(valid_block("127.0.0.1"));
    CHECK(valid_block("10.0.0.0/8"));
    CHECK(valid_block("2001:db8::/32"));
    CHECK_FALSE(valid_block("10.0.0.0/33"));
    CHECK_FALSE(valid_block("nginx"));
    CHECK_FALSE(valid_block("10.0.0.0/"));
    CHECK_FALSE(valid_block(""));
}
