#include "live/sse_session.hpp"

#include "live/sse_format.hpp"

namespace baro::live {

namespace {
frame const& head_frame()
{
    static frame const f = std::make_shared<std::string const>(sse_response_head());
    return f;
}
frame const& heartbeat_frame()
{
    static frame const f = std::make_shared<std::string const>(sse_heartbeat());
    return f;
}
// The same connection as a socket whose executor is the shard's strand (a socket's executor is
// fixed when it is made). On failure the socket is closed: start() then drops the session.
tcp::socket on_shard(tcp::socket&& socket, shard_executor const& ex)
{
    tcp::socket moved(ex);
    beast::error_code ec;
    auto const endpoint = socket.local_endpoint(ec);
    if(ec)
        return moved;
    auto const fd = socket.release(ec);
    if(! ec)
        moved.assign(endpoint.protocol(), fd, ec);
    return moved;
}
}  // namespace

sse_session::sse_session(tcp::socket&& socket, std::shared_ptr<hub> h, std::string topic, std::shared_ptr<void> slots)
    : shard_(h->pick_shard()),
      socket_(on_shard(std::move(socket), h->executor_of(shard_))),
      heartbeat_(socket_.get_executor()),
      catch_up_(socket_.get_executor()),
      hub_(std::move(h)),
      topic_(std::move(topic)),
      slots_(std::move(slots))
{
}

sse_session::~sse_session() { hub_->leave(topic_, this); }

void sse_session::start(std::uint64_t last_id)
{
    net::dispatch(socket_.get_executor(), [self = shared_from_this(), last_id] {
        beast::error_code ec;
        if(! self->socket_.is_open())
            return self->drop();
        self->socket_.non_blocking(true, ec);  // do_write tries a write at once, never waits in it
        if(ec)
            return self->drop();
        self->enqueue(head_frame());
        self->do_heartbeat();
        self->do_watch();
        self->do_join(last_id, std::chrono::steady_clock::now() + catch_up_limit);
    });
}

void sse_session::do_join(std::uint64_t last_id, std::chrono::steady_clock::time_point give_up)
{
    if(closed_)
        return;
    auto const first = hub_->join(topic_, shared_from_this(), shard_, last_id);
    if(! first)
    {
        // Behind the client: wait for our listener, then resume; or give up and start over.
        auto const next = std::chrono::steady_clock::now() < give_up ? last_id : 0;
        catch_up_.expires_after(catch_up_poll);
        catch_up_.async_wait([self = shared_from_this(), next, give_up](beast::error_code ec) {
            if(! ec)
                self->do_join(next, give_up);
        });
        return;
    }
    // A replay may be longer than the queue's cap: it goes in whole, and out in one gathered write.
    for(auto const& f : *first)
        queue_.push_back(f);
    if(! writing_)
        do_write();
}

void sse_session::deliver(frame const& f) { enqueue(f); }

void sse_session::enqueue(frame f)
{
    if(closed_)
        return;
    if(queue_.size() + sending_.size() >= max_queued_frames)
        return drop();  // it cannot keep up: never let it slow the others or hold memory
    if(! writing_ && queue_.empty())
    {
        // The usual case in a broadcast: nothing waiting. The frame goes straight out, without
        // the queue or a buffer list (sending_ keeps its capacity: no allocation).
        auto const buffer = net::buffer(*f);
        sending_.push_back(std::move(f));
        return write_now(buffer);
    }
    queue_.push_back(std::move(f));
    if(! writing_)
        do_write();
}

// Everything queued goes out in one gathered write: one system call and one wake-up of the reader
// for a contribution event and the summary event that follows it, instead of one each. It is tried
// at once: a subscriber that keeps up has room in its socket buffer, and then the frames leave with
// no asynchronous operation to allocate, post and complete (per subscriber, that was most of a
// broadcast's cost besides the system call itself). Only what does not fit waits for async_write.
void sse_session::do_write()
{
    if(closed_ || queue_.empty())
        return;
    std::vector<net::const_buffer> buffers;
    buffers.reserve(queue_.size());
    while(! queue_.empty())
    {
        buffers.push_back(net::buffer(*queue_.front()));
        sending_.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    write_now(buffers);
}

// Writes what sending_ holds (`buffers` point into it) on the non-blocking socket (set in start());
// what does not fit goes through async_write, and on_write releases the frames.
template<class Buffers>
void sse_session::write_now(Buffers const& buffers)
{
    beast::error_code ec;
    auto const sent = socket_.write_some(buffers, ec);
    if(ec == net::error::would_block || ec == net::error::try_again)
        ec = {};
    if(ec)
        return drop();
    if(sent == net::buffer_size(buffers))
    {
        sending_.clear();
        return;
    }
    writing_ = true;
    write_started_ = std::chrono::steady_clock::now();
    beast::buffers_suffix<Buffers> rest(buffers);
    rest.consume(sent);
    net::async_write(socket_, rest, beast::bind_front_handler(&sse_session::on_write, shared_from_this()));
}

void sse_session::on_write(beast::error_code ec, std::size_t)
{
    writing_ = false;
    sending_.clear();
    if(ec)
        return drop();
    do_write();
}

void sse_session::do_heartbeat()
{
    heartbeat_.expires_after(heartbeat_interval);
    heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if(ec || self->closed_)
            return;
        if(self->writing_ && std::chrono::steady_clock::now() - self->write_started_ > stalled_write_limit)
            return self->drop();
        self->enqueue(heartbeat_frame());
        self->do_heartbeat();
    });
}

// A client says nothing after its request; a completed read means it closed (or misbehaves).
void sse_session::do_watch()
{
    socket_.async_read_some(net::buffer(&probe_, 1), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if(ec)
            return self->drop();
        self->do_watch();
    });
}

void sse_session::drop()
{
    if(closed_)
        return;
    closed_ = true;
    hub_->leave(topic_, this);
    heartbeat_.cancel();
    catch_up_.cancel();
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    slots_.reset();  // the address's places are free as soon as the socket is
}

}  // namespace baro::live
