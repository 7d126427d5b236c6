#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace baro::channels {

/// True when a shared secret (path token, header token, form secret) equals the configured one.
/// Takes time independent of where the strings differ and of their lengths; an empty
/// `expected` never matches, so a channel without a secret is closed, not open.
bool token_matches(std::string_view expected, std::string_view got);

/// True when `addr` (IPv4, IPv6 or IPv4-mapped IPv6) is in `allow`: exact addresses or CIDR blocks
/// ("196.201.214.0/24", "2001:db8::/32"). An empty list allows every address.
bool address_allowed(std::vector<std::string> const& allow, std::string_view addr);

/// True when `block` is an address or a CIDR block address_allowed understands.
bool valid_block(std::string_view block);

/// The client's address as baro should see it. `peer` is the TCP peer; when it is one of the
/// `trusted` proxies (addresses or CIDR blocks), the X-Forwarded-For list is read from the right
/// and the first hop that is not a trusted proxy is the client (hops a client wrote itself sit to
/// the left of it and are never believed). No trusted proxies, an untrusted peer or no header: the
/// peer. Pure.
std::string client_address(std::string_view peer, std::string_view forwarded_for, std::vector<std::string> const& trusted);

}  // namespace baro::channels
