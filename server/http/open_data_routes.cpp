// GET /open-data/{slug}.csv|.jsonl: every published contribution, streamed as it is read. The COPY
// runs on a store::exporter thread; this file only moves its bytes to the socket, with back-pressure
// and a stall deadline.
#include "core/address_table.hpp"
#include "core/form.hpp"
#include "core/log.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "publish/open_data.hpp"
#include "store/consultations.hpp"
#include "store/exporter.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>

namespace baro::http {

namespace {

/// Bytes gathered before a chunk is handed to the socket.
constexpr std::size_t chunk_bytes = 64 * 1024;
/// Chunks waiting for the socket; the database reader waits beyond this, so memory stays constant.
constexpr std::size_t max_pending_chunks = 4;
/// How often a producer waiting for room looks whether the server is stopping.
constexpr auto stop_check = std::chrono::seconds(1);

// A chunked HTTP response fed by an exporter thread and written by Asio, with back-pressure. A
// client that takes no bytes for `stall` is cut: each write_some has that deadline (a slow reader
// that keeps taking bytes is never cut), and the exporter thread, waiting for room, gives up when
// no write made progress for that long, or at once when the exporter stops (the I/O threads have
// stopped then). Either way the export stops and its COPY is cancelled.
class download : public std::enable_shared_from_this<download>
{
public:
    // `connection`: the connection's slot in the connection caps, held as long as the socket.
    download(tcp::socket&& socket, std::shared_ptr<void> connection, std::chrono::seconds stall, store::exporter const& exports)
        : stream_(std::move(socket)),
          connection_(std::move(connection)),
          stall_(stall),
          exports_(exports)
    {
    }

    // Producer side (the exporter thread). False when the client went away or stalled.
    bool push(std::string bytes)
    {
        std::unique_lock lock(mutex_);
        while(! failed_ && pending_.size() >= max_pending_chunks)
        {
            if(ready_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(stall_, stop_check)) ==
                   std::cv_status::timeout &&
               (std::chrono::steady_clock::now() - progress_ >= stall_ || exports_.stopping()))
            {
                failed_ = true;
                net::post(stream_.get_executor(), [self = shared_from_this()] { self->stream_.close(); });
            }
        }
        if(failed_)
            return false;
        pending_.push_back(std::move(bytes));
        if(! writing_)
        {
            writing_ = true;
            net::post(stream_.get_executor(), [self = shared_from_this()] { self->do_write(); });
        }
        return true;
    }
    // Ends the stream: `complete` writes the last chunk, otherwise the connection is cut (the client
    // sees a truncated body, never a complete-looking partial file).
    void finish(bool complete)
    {
        if(complete)
            push("0\r\n\r\n");
        std::lock_guard lock(mutex_);
        finished_ = true;
        if(! writing_)
            net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
    }

private:
    void do_write()
    {
        {
            std::lock_guard lock(mutex_);
            if(pending_.empty())
            {
                writing_ = false;
                if(finished_)
                    net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
                return;
            }
            current_ = std::move(pending_.front());
            pending_.pop_front();
        }
        ready_.notify_all();
        written_ = 0;
        write_some();
    }
    void write_some()
    {
        stream_.expires_after(stall_);
        stream_.async_write_some(
            net::buffer(current_.data() + written_, current_.size() - written_),
            [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_write_some(ec, n); });
    }
    void on_write_some(beast::error_code ec, std::size_t n)
    {
        if(ec)
        {
            {
                std::lock_guard lock(mutex_);
                failed_ = true;
                writing_ = false;
            }
            ready_.notify_all();
            stream_.close();
            return;
        }
        {
            std::lock_guard lock(mutex_);
            progress_ = std::chrono::steady_clock::now();
        }
        written_ += n;
        if(written_ < current_.size())
            return write_some();
        do_write();
    }
    void close()
    {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    std::shared_ptr<void> const connection_;
    std::chrono::seconds const stall_;
    store::exporter const& exports_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> pending_;
    std::string current_;      ///< the chunk being written (Asio side only)
    std::size_t written_ = 0;  ///< bytes of current_ the socket took
    std::chrono::steady_clock::time_point progress_ = std::chrono::steady_clock::now();  ///< last bytes taken
    bool writing_ = false, failed_ = false, finished_ = false;
};

std::string chunk(std::string const& data)
{
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

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
    auto d = std::make_shared<download>(std::move(socket), req->connection, p.open_data_stall, p.exports);
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
            if(state->buf.size() >= chunk_bytes)
            {
                state->alive = d->push(chunk(state->buf));
                state->buf.clear();
            }
            return state->alive;
        },
        [d, state, slug, stall = p.open_data_stall](status st) {
            if(state->alive && ! state->buf.empty())
                state->alive = d->push(chunk(state->buf));
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
