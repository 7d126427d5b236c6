#include "http/route_support.hpp"

#include "http/citizen_pages.hpp"
#include "http/response.hpp"

#include <chrono>
#include <memory>

namespace baro::http {

namespace {
constexpr auto answer_timeout = std::chrono::seconds(30);
}

form_fields query_of(request const& req)
{
    auto q = parse_urlencoded(req.query);
    return q ? std::move(*q) : form_fields{};
}

std::string request_language(request const& req)
{
    return std::string(negotiate_language(field(query_of(req), "lang").value_or(""), req.msg[bh::field::accept_language]));
}

response page_not_found(messages const& m, std::string_view lang)
{
    return html(bh::status::not_found, message_page(m, lang, "404", m.get(lang, "error.not_found")));
}

response consultation_not_found() { return json_error(fail(errc::not_found, "No such consultation.")); }

void answer_and_close(tcp::socket socket, response res)
{
    res.keep_alive(false);
    res.prepare_payload();
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    auto msg = std::make_shared<response>(std::move(res));
    stream->expires_after(answer_timeout);
    bh::async_write(*stream, *msg, [stream, msg](beast::error_code, std::size_t) {
        beast::error_code ec;
        stream->socket().shutdown(tcp::socket::shutdown_send, ec);
    });
}

}  // namespace baro::http
