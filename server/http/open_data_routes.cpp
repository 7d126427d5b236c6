#include "core/form.hpp"
#include "core/log.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "publish/open_data.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"
#include "store/publish_read.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace baro::http {

namespace {

/// Downloads running at once; more are answered 503 (each holds a connection and a thread).
constexpr int max_downloads = 4;
/// Bytes gathered before a chunk is handed to the socket.
constexpr std::size_t chunk_bytes = 64 * 1024;
/// Chunks waiting for the socket; the database reader waits beyond this, so memory stays constant.
constexpr std::size_t max_pending_chunks = 4;

std::atomic<int> downloads{0};

// A chunked HTTP response fed by a producer thread and written by Asio, with back-pressure.
class download : public std::enable_shared_from_this<download>
{
public:
    explicit download(tcp::socket&& socket) : socket_(std::move(socket)) {}

    // Producer side (the export thread). False when the client went away.
    bool push(std::string bytes)
    {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return failed_ || pending_.size() < max_pending_chunks; });
        if(failed_)
            return false;
        pending_.push_back(std::move(bytes));
        if(! writing_)
        {
            writing_ = true;
            net::post(socket_.get_executor(), [self = shared_from_this()] { self->do_write(); });
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
            net::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
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
                    net::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
                return;
            }
            current_ = std::move(pending_.front());
            pending_.pop_front();
        }
        ready_.notify_all();
        net::async_write(socket_, net::buffer(current_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if(ec)
            {
                std::lock_guard lock(self->mutex_);
                self->failed_ = true;
                self->writing_ = false;
                self->ready_.notify_all();
                return;
            }
            self->do_write();
        });
    }
    void close()
    {
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
    }

    tcp::socket socket_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> pending_;
    std::string current_;
    bool writing_ = false, failed_ = false, finished_ = false;
};

std::string chunk(std::string const& data)
{
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

void answer(tcp::socket socket, response res)
{
    res.keep_alive(false);
    res.prepare_payload();
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    auto msg = std::make_shared<response>(std::move(res));
    bh::async_write(*stream, *msg, [stream, msg](beast::error_code, std::size_t) {
        beast::error_code ec;
        stream->socket().shutdown(tcp::socket::shutdown_send, ec);
    });
}

void get_open_data(services& s, std::shared_ptr<request const> req, tcp::socket socket)
{
    auto const& file = req->params.at("file");
    bool const csv = file.size() > 4 && file.substr(file.size() - 4) == ".csv";
    bool const jsonl = file.size() > 6 && file.substr(file.size() - 6) == ".jsonl";
    auto const slug = csv ? file.substr(0, file.size() - 4) : jsonl ? file.substr(0, file.size() - 6) : "";
    auto const snapshot = s.catalog.get();
    auto const* c = store::find_by_slug(*snapshot, slug);
    if(! c)
        return answer(std::move(socket), json_error(fail(errc::not_found, "No such open data file.")));
    if(++downloads > max_downloads)
    {
        --downloads;
        return answer(std::move(socket), json_error(fail(errc::unavailable, "Too many downloads at once; try again shortly.")));
    }
    auto const q = parse_urlencoded(req->query);
    std::string const lang(negotiate_language(q ? field(*q, "lang").value_or("") : "", ""));
    std::string head = "HTTP/1.1 200 OK\r\n";
    head += csv ? "Content-Type: text/csv; charset=utf-8\r\n" : "Content-Type: application/x-ndjson; charset=utf-8\r\n";
    head += "Content-Disposition: attachment; filename=\"baro-" + slug + (csv ? ".csv" : ".jsonl") + "\"\r\n";
    head += "Transfer-Encoding: chunked\r\nAccess-Control-Allow-Origin: *\r\nCache-Control: public, max-age=60\r\n"
            "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    auto d = std::make_shared<download>(std::move(socket));
    if(req->msg.method() == bh::verb::head)
    {
        d->push(std::move(head));
        d->finish(false);
        --downloads;
        return;
    }
    // COPY blocks: it runs on a thread of its own, never on Asio's or the store pool's.
    std::thread([d, head = std::move(head), url = s.reads.url(), id = c->id, slug, csv, lang]() mutable {
        bool alive = d->push(std::move(head));
        std::string buf = csv ? publish::csv_header() : std::string();
        auto const st = store::stream_published(url, id, [&](store::public_contribution const& row) {
            if(! alive)
                return false;
            buf += csv ? publish::csv_line(slug, row, lang) : publish::jsonl_line(slug, row, lang);
            if(buf.size() >= chunk_bytes)
            {
                alive = d->push(chunk(buf));
                buf.clear();
            }
            return alive;
        });
        if(alive && ! buf.empty())
            alive = d->push(chunk(buf));
        if(! st)
            log::warn("open-data", "export of " + slug + " stopped: " + st.err().message);
        d->finish(alive && st.ok());
        --downloads;
    }).detach();
}

}  // namespace

void add_open_data_routes(route_table& routes, services& s)
{
    routes.add({"GET", "/open-data/{file}", 0, {}, [&s](std::shared_ptr<request const> req, tcp::socket socket) {
                    get_open_data(s, std::move(req), std::move(socket));
                }});
}

}  // namespace baro::http
