#include "http/download.hpp"

#include "store/exporter.hpp"

#include <algorithm>
#include <cstdio>

namespace baro::http {

namespace {
/// Chunks waiting for the socket; the database reader waits beyond this, so memory stays constant.
constexpr std::size_t max_pending_chunks = 4;
/// How often a producer waiting for room looks whether the server is stopping.
constexpr auto stop_check = std::chrono::seconds(1);
}  // namespace

std::string http_chunk(std::string const& data)
{
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

streamed_download::streamed_download(tcp::socket&& socket, std::shared_ptr<void> connection, std::chrono::seconds stall,
                                     store::exporter const& exports)
    : stream_(std::move(socket)),
      connection_(std::move(connection)),
      stall_(stall),
      exports_(exports)
{
}

bool streamed_download::push(std::string bytes)
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

void streamed_download::finish(bool complete)
{
    if(complete)
        push("0\r\n\r\n");
    std::lock_guard lock(mutex_);
    finished_ = true;
    if(! writing_)
        net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void streamed_download::do_write()
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

void streamed_download::write_some()
{
    stream_.expires_after(stall_);
    stream_.async_write_some(
        net::buffer(current_.data() + written_, current_.size() - written_),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_write_some(ec, n); });
}

void streamed_download::on_write_some(beast::error_code ec, std::size_t n)
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

void streamed_download::close()
{
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace baro::http
