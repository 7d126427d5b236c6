#pragma once
#include "core/net.hpp"
#include "core/result.hpp"
#include "http/router.hpp"

#include <functional>
#include <memory>
#include <string>

namespace baro::http {

namespace bh = beast::http;

/// A request as read, with what the router found in it.
struct request
{
    bh::request<bh::string_body> msg;
    std::string path;   ///< without the query
    std::string query;  ///< without '?'
    route_params params;
    std::string remote;               ///< the client's address: the TCP peer, or X-Forwarded-For's from a trusted proxy
    bool from_trusted_proxy = false;  ///< the TCP peer is a trusted proxy (its X-Forwarded-For is believed)
    /// The connection's slot in the connection caps: whoever keeps the socket (a stream route) keeps this.
    std::shared_ptr<void> connection;
};

using response = bh::response<bh::string_body>;

/// Completes a request; may be called from any thread, exactly once.
using responder = std::function<void(response)>;

/// An async route handler: reads the request, eventually calls the responder.
using handler = std::function<void(std::shared_ptr<request const>, responder)>;

/// A route that takes the connection over (event streams, streamed downloads): it owns the socket
/// from then on and writes its own response; the session ends.
using stream_handler = std::function<void(std::shared_ptr<request const>, tcp::socket)>;

/// Checks a request's header (e.g. for a moderator session) before its body is read; a failure is
/// the answer, and the body is never read.
using header_check = std::function<void(std::shared_ptr<request const>, std::function<void(status)>)>;

/// Bodies up to this size are read before a route's header_check runs (the handler checks again);
/// larger ones only after it passed, so an anonymous client cannot make us buffer them.
constexpr std::size_t anonymous_body_bytes = 4 * 1024;

/// One entry of the route table.
struct route_spec
{
    std::string method;
    std::string pattern;
    std::size_t body_limit;  ///< bytes; a larger body is answered 413 before it is read
    handler fn;
    stream_handler stream = {};     ///< when set, called instead of `fn`
    header_check before_body = {};  ///< when set, runs before a body over anonymous_body_bytes is read
};

/// The route table: patterns matched by `router`, handlers and limits beside them.
class route_table
{
public:
    void add(route_spec spec)
    {
        router_.add(spec.method, spec.pattern);
        specs_.push_back(std::move(spec));
    }
    route_match match(std::string_view method, std::string_view path) const { return router_.match(method, path); }
    route_spec const& spec(std::size_t index) const { return specs_.at(index); }

private:
    router router_;
    std::vector<route_spec> specs_;
};

}  // namespace baro::http
