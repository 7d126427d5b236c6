// GET /open-data/{slug}.csv|.jsonl: every published contribution, streamed as it is read. The COPY
// runs on a store::exporter thread; this file only moves its bytes to the socket, with back-pressure
// and a stall deadline.
#include "core/address_table.hpp"
#include "core/form.hpp"
#include "core/log.hpp"
#include "http/download.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "publish/open_data.hpp"
#include "store/consultations.hpp"
#include "store/exporter.hpp"

namespace baro::http {

namespace {

void get_open_data(services& s, publish_context& p, std::shared_ptr<request const> req, tcp::socket socket)
{
    auto const& file = req->params.at("file");
    bool const csv = file.size() > 4 && file.substr(file.size() - 4) == ".csv";
    bool const jsonl = file.size() > 6 && file.substr(file.size() - 6) == ".jsonl";
    auto const slug = csv ? file.substr(0, file.size() - 4) : jsonl ? file.substr(0, file.size() - 6) : "";
    auto const c = s.catalog.find(slug);
    if(! c)
        return answer_and_close(std::move(socket), json_error(fail(errc::not_found, "No such open data file.")));
    auto slot = p.exports.reserve(limit_key(req->remote));  // an IPv6 client by its /64
    if(! slot)
        return answer_and_close(std::move(socket), json_error(slot.err()));
    // The file is a function of its URL (it is cached publicly): ?lang= only, not Accept-Language.
    std::string const lang(negotiate_language(field(query_of(*req), "lang").value_or(""), ""));
    std::string head = "HTTP/1.1 200 OK\r\n";
    head += csv ? "Content-Type: text/csv; charset=utf-8\r\n" : "Content-Type: application/x-ndjson; charset=utf-8\r\n";
    head += "Content-Disposition: attachment; filename=\"baro-" + slug + (csv ? ".csv" : ".jsonl") + "\"\r\n";
    head += "Transfer-Encoding: chunked\r\nAccess-Control-Allow-Origin: *\r\nCache-Control: public, max-age=60\r\n"
            "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    auto d = std::make_shared<streamed_download>(std::move(socket), req->connection, p.open_data_stall, p.exports);
    if(req->msg.method() == bh::verb::head)
    {
        d->push(std::move(head));
        d->finish(false);
        return;
    }
    struct progress
    {
        bool alive = true;
        std::string buf;
    };
    auto state = std::make_shared<progress>();
    state->alive = d->push(std::move(head));
    state->buf = csv ? publish::csv_header() : std::string();
    p.exports.run(
        std::move(*slot), c->id,
        [d, state, slug, csv, lang](store::public_contribution const& row) {
            if(! state->alive)
                return false;
            state->buf += csv ? publish::csv_line(slug, row, lang) : publish::jsonl_line(slug, row, lang);
            if(state->buf.size() >= download_chunk_bytes)
            {
                state->alive = d->push(http_chunk(state->buf));
                state->buf.clear();
            }
            return state->alive;
        },
        [d, state, slug, stall = p.open_data_stall](status st) {
            if(state->alive && ! state->buf.empty())
                state->alive = d->push(http_chunk(state->buf));
            if(! st)
                log::warn("open-data", "export of " + slug + " stopped: " + st.err().message);
            else if(! state->alive)
                log::info("open-data", "export of " + slug + " stopped: the client went away or took nothing for " +
                                           std::to_string(stall.count()) + " s");
            d->finish(state->alive && st.ok());
        });
}

}  // namespace

void add_open_data_routes(route_table& routes, services& s, publish_context& p)
{
    routes.add({"GET", "/open-data/{file}", 0, {}, [&s, &p](std::shared_ptr<request const> req, tcp::socket socket) {
                    get_open_data(s, p, std::move(req), std::move(socket));
                }});
}

}  // namespace baro::http
