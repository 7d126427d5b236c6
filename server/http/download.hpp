#pragma once
// A streamed download: a chunked HTTP response fed by a store::exporter thread and written by Asio,
// with back-pressure and a stall deadline. Shared by the open data (/open-data/…) and the analysts'
// full export (/api/v1/mod/consultations/{slug}/export).
#include "core/net.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace baro::store {
class exporter;
}

namespace baro::http {

/// Bytes gathered before a chunk is handed to the socket.
constexpr std::size_t download_chunk_bytes = 64 * 1024;

/// `data` framed as one HTTP/1.1 chunk.
std::string http_chunk(std::string const& data);

/// A client that takes no bytes for `stall` is cut: each write_some has that deadline (a slow reader
/// that keeps taking bytes is never cut), and the exporter thread, waiting for room, gives up when no
/// write made progress for that long, or at once when the exporter stops (the I/O threads have
/// stopped then). Either way the producer learns it from push() and stops its export.
class streamed_download : public std::enable_shared_from_this<streamed_download>
{
public:
    /// `connection`: the connection's slot in the connection caps, held as long as the socket.
    streamed_download(tcp::socket&& socket, std::shared_ptr<void> connection, std::chrono::seconds stall,
                      store::exporter const& exports);

    /// Producer side (the exporter thread): queues bytes, waiting while the socket is behind.
    /// False when the client went away or stalled.
    bool push(std::string bytes);

    /// Ends the stream: `complete` writes the last chunk, otherwise the connection is cut (the client
    /// sees a truncated body, never a complete-looking partial file).
    void finish(bool complete);

private:
    void do_write();
    void write_some();
    void on_write_some(beast::error_code ec, std::size_t n);
    void close();

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

}  // namespace baro::http
