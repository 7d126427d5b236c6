#include "channels/gateway_auth.hpp"

#include "core/crypto.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <optional>

namespace baro::channels {

namespace {

using address = std::array<unsigned char, 16>;

// Both families in one 16-byte form (IPv4 as ::ffff:a.b.c.d), so one comparison serves both.
std::optional<address> parse_address(std::string_view text)
{
    if(text.empty() || text.size() > 45)
        return std::nullopt;
    std::string const s(text);
    address a{};
    in_addr v4{};
    if(inet_pton(AF_INET, s.c_str(), &v4) == 1)
    {
        a[10] = a[11] = 0xff;
        auto const* b = reinterpret_cast<unsigned char const*>(&v4.s_addr);
        std::copy(b, b + 4, a.begin() + 12);
        return a;
    }
    in6_addr v6{};
    if(inet_pton(AF_INET6, s.c_str(), &v6) == 1)
    {
        std::copy(v6.s6_addr, v6.s6_addr + 16, a.begin());
        return a;
    }
    return std::nullopt;
}

bool is_v4(address const& a)
{
    for(int i = 0; i < 10; ++i)
        if(a[i] != 0)
            return false;
    return a[10] == 0xff && a[11] == 0xff;
}

bool in_block(address const& a, std::string_view block)
{
    auto const slash = block.find('/');
    auto const net = parse_address(block.substr(0, slash));
    if(! net)
        return false;
    if(slash == std::string_view::npos)
        return *net == a;
    auto const bits_text = block.substr(slash + 1);
    unsigned bits = 0;
    auto const [end, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
    if(ec != std::errc{} || end != bits_text.data() + bits_text.size())
        return false;
    if(is_v4(*net))
    {
        if(bits > 32 || ! is_v4(a))
            return false;
        bits += 96;
    }
    else if(bits > 128)
        return false;
    for(unsigned i = 0; i < 16 && bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0)
    {
        unsigned const mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
        if((a[i] & mask) != ((*net)[i] & mask))
            return false;
    }
    return true;
}

}  // namespace

bool token_matches(std::string_view expected, std::string_view got)
{
    if(expected.empty())
        return false;
    // Comparing digests hides the secret's length as well as its content.
    return crypto::equal_constant_time(crypto::sha256(expected), crypto::sha256(got));
}

bool address_allowed(std::vector<std::string> const& allow, std::string_view addr)
{
    if(allow.empty())
        return true;
    auto const a = parse_address(addr);
    if(! a)
        return false;
    for(auto const& block : allow)
        if(in_block(*a, block))
            return true;
    return false;
}

bool valid_block(std::string_view block)
{
    auto const slash = block.find('/');
    auto const net = parse_address(block.substr(0, slash));
    // A block is valid when its own network address is in it (this checks the prefix length).
    return net && in_block(*net, block);
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, std::vector<std::string> const& trusted)
{
    if(trusted.empty() || forwarded_for.empty() || ! address_allowed(trusted, peer))
        return std::string(peer);
    std::string_view hop;
    while(! forwarded_for.empty())
    {
        auto const comma = forwarded_for.rfind(',');
        hop = forwarded_for.substr(comma == std::string_view::npos ? 0 : comma + 1);
        forwarded_for = forwarded_for.substr(0, comma == std::string_view::npos ? 0 : comma);
        while(! hop.empty() && (hop.front() == ' ' || hop.front() == '\t'))
            hop.remove_prefix(1);
        while(! hop.empty() && (hop.back() == ' ' || hop.back() == '\t'))
            hop.remove_suffix(1);
        if(hop.empty())
            continue;
        if(! address_allowed(trusted, hop))
            return std::string(hop);  // not an address at all: returned as is, and no allow-list matches it
    }
    return hop.empty() ? std::string(peer) : std::string(hop);  // every hop a proxy: the leftmost
}

}  // namespace baro::channels
