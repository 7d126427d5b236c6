#pragma once
// Beast and Asio names used by http/ and live/; nothing else includes Boost.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace baro {
namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;
}  // namespace baro
