#include "store/publish_events.hpp"

#include "core/log.hpp"
#include "store/connection.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <thread>

namespace baro::store {

namespace {
constexpr auto reconnect_delay = std::chrono::seconds(1);

// Collects notifications during conn.get_notifs(); the listener forwards them afterwards.
class receiver final : public pqxx::notification_receiver
{
public:
    receiver(pqxx::connection_base& c, std::vector<std::string>& sink)
        : pqxx::notification_receiver(c, publish_channel),
          sink_(sink)
    {
    }
    void operator()(std::string const& payload, int) override { sink_.push_back(payload); }

private:
    std::vector<std::string>& sink_;
};
}  // namespace

struct publish_listener::impl
{
    std::unique_ptr<pqxx::connection> conn;
    std::vector<std::string> received;
    std::unique_ptr<receiver> listen;
    std::unique_ptr<net::posix::stream_descriptor> socket;
    std::uint64_t floor = 0;

    ~impl()
    {
        // The socket belongs to libpq: let it go before the connection closes it.
        if(socket)
            socket->release();
        listen.reset();
    }
};

std::string publish_event_payload(publish_event const& e)
{
    return nlohmann::json{{"seq", e.seq},
                          {"consultation_id", e.consultation_id},
                          {"id", e.contribution_id},
                          {"event", e.published ? "publish" : "unpublish"}}
        .dump();
}

std::optional<publish_event> parse_publish_event(std::string_view payload)
{
    auto const j = nlohmann::json::parse(payload, nullptr, false);
    if(j.is_discarded() || ! j.is_object())
        return std::nullopt;
    auto const cid = j.find("consultation_id");
    auto const id = j.find("id");
    auto const ev = j.find("event");
    if(cid == j.end() || id == j.end() || ev == j.end() || ! cid->is_number_integer() || ! id->is_number_integer() ||
       ! ev->is_string())
        return std::nullopt;
    auto const what = ev->get<std::string>();
    if(what != "publish" && what != "unpublish")
        return std::nullopt;
    std::uint64_t seq = 0;
    if(auto const s = j.find("seq"); s != j.end())
    {
        if(! s->is_number_unsigned())
            return std::nullopt;
        seq = s->get<std::uint64_t>();
    }
    return publish_event{cid->get<std::int64_t>(), id->get<std::int64_t>(), what == "publish", seq};
}

std::uint64_t notify_publish(pqxx::transaction_base& tx, std::int64_t consultation_id, std::int64_t contribution_id,
                             bool published)
{
    return tx.exec_params1("select baro_notify_publish($1, $2, $3)", consultation_id, contribution_id, published)[0]
        .as<std::uint64_t>();
}

publish_listener::publish_listener(net::io_context& ioc, std::string url, std::function<void(publish_event const&)> on_event,
                                   std::function<void(listening const&)> on_listening)
    : strand_(net::make_strand(ioc)),
      retry_(strand_),
      url_(std::move(url)),
      on_event_(std::move(on_event)),
      on_listening_(std::move(on_listening))
{
}

publish_listener::~publish_listener() = default;

void publish_listener::start()
{
    net::dispatch(strand_, [self = shared_from_this()] { self->do_connect(); });
}

void publish_listener::stop()
{
    net::dispatch(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->retry_.cancel();
        if(self->impl_ && self->impl_->socket)
            self->impl_->socket->cancel();
        self->impl_.reset();
    });
}

void publish_listener::do_connect()
{
    if(stopped_)
        return;
    // Connecting blocks (up to connect_timeout): do it on a short-lived thread, never on Asio's.
    std::thread([self = shared_from_this()] {
        auto next = std::make_shared<impl>();
        auto const st = guarded("listen connect", [&] {
            next->conn = connect(self->url_);
            next->listen = std::make_unique<receiver>(*next->conn, next->received);
            // Read after LISTEN took effect: every event after this id will be heard.
            next->floor = pqxx::nontransaction(*next->conn)
                              .exec1("select case when is_called then last_value else 0 end from live_event_id")[0]
                              .as<std::uint64_t>();
        });
        if(! st)
            next.reset();
        net::post(self->strand_, [self, next] { self->on_connected(next); });
    }).detach();
}

void publish_listener::on_connected(std::shared_ptr<impl> next)
{
    if(stopped_)
        return;
    if(! next)
    {
        retry_.expires_after(reconnect_delay);
        retry_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if(! ec)
                self->do_connect();
        });
        return;
    }
    impl_ = std::move(next);
    impl_->socket = std::make_unique<net::posix::stream_descriptor>(strand_, impl_->conn->sock());
    log::info("live", std::string(connected_once_ ? "listening again" : "listening") + " on " + publish_channel);
    auto const again = connected_once_;
    connected_once_ = true;
    if(on_listening_)
        on_listening_({impl_->floor, again});
    do_wait();
}

void publish_listener::do_wait()
{
    impl_->socket->async_wait(net::posix::stream_descriptor::wait_read,
                              beast::bind_front_handler(&publish_listener::on_readable, shared_from_this()));
}

void publish_listener::on_readable(beast::error_code ec)
{
    if(stopped_ || ! impl_)
        return;
    if(ec)
        return lost(ec.message());
    std::string why;
    auto const st = guarded("listen", [&] { impl_->conn->get_notifs(); });
    if(! st || ! impl_->conn->is_open())
        why = st ? "connection closed" : st.err().message;
    auto received = std::move(impl_->received);
    impl_->received.clear();
    for(auto const& payload : received)
    {
        if(auto e = parse_publish_event(payload))
            on_event_(*e);
        else
            log::warn("live", "ignored a malformed " + std::string(publish_channel) + " payload");
    }
    if(! why.empty())
        return lost(why);
    do_wait();
}

void publish_listener::lost(std::string const& why)
{
    take_connection_lost();
    log::warn("live", "lost the " + std::string(publish_channel) + " listener (" + why + "); reconnecting");
    impl_.reset();
    on_connected(nullptr);
}

}  // namespace baro::store
