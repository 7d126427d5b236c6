#include "app/serve.hpp"

#include "core/address_table.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/listener.hpp"
#include "http/mod_export_routes.hpp"
#include "http/publish_context.hpp"
#include "http/services.hpp"
#include "ingest/deliver.hpp"
#include "ingest/reindex_jobs.hpp"
#include "ingest/text_fields.hpp"
#include "live/event_order.hpp"
#include "live/hub.hpp"
#include "live/relay.hpp"
#include "live/summary_cache.hpp"
#include "outbox/media_fetcher.hpp"
#include "outbox/sender.hpp"
#include "replies/policy.hpp"
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"
#include "store/count_folder.hpp"
#include "store/database.hpp"
#include "store/duplicate_grouper.hpp"
#include "store/exporter.hpp"
#include "store/publish_events.hpp"
#include "store/search_indexer.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

namespace baro::app {

namespace {
constexpr auto catalog_refresh_interval = std::chrono::seconds(5);
constexpr auto drain_timeout = std::chrono::seconds(10);

// Reloads the consultation catalog periodically, on a store thread.
void schedule_refresh(net::steady_timer& timer, store::catalog_cache& cache, store::database& db)
{
    timer.expires_after(catalog_refresh_interval);
    timer.async_wait([&timer, &cache, &db](beast::error_code ec) {
        if(ec)
            return;
        cache.refresh(db);
        schedule_refresh(timer, cache, db);
    });
}
// Raises the soft descriptor limit to the hard one (a unit's LimitNOFILE, or ulimit -Hn) and
// returns the limit in force.
std::uint64_t raise_descriptor_limit()
{
    rlimit lim{};
    if(getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 1024;
    if(lim.rlim_cur < lim.rlim_max)
    {
        rlimit raised = lim;
        raised.rlim_cur = lim.rlim_max;
        if(setrlimit(RLIMIT_NOFILE, &raised) == 0)
            lim = raised;
    }
    return lim.rlim_cur == RLIM_INFINITY ? ~std::uint64_t{0} : static_cast<std::uint64_t>(lim.rlim_cur);
}

// The connection caps, chosen once the descriptor limit is known; logged, since they bound service.
unsigned choose_connection_cap(config const& cfg)
{
    auto const nofile = raise_descriptor_limit();
    auto const cap = connection_cap(cfg.max_connections, nofile);
    if(cfg.max_connections > cap)
        log::warn("serve", "max_connections " + std::to_string(cfg.max_connections) +
                               " does not fit under the descriptor limit " + std::to_string(nofile) + "; using " +
                               std::to_string(cap));
    log::info("serve", "descriptor limit " + std::to_string(nofile) + "; connections: " + std::to_string(cap) + " in total, " +
                           std::to_string(cfg.max_connections_per_address) + " per address; live streams: " +
                           std::to_string(cfg.max_streams_per_address) + " per address (0 = no cap)");
    return cap;
}
}  // namespace

int serve(config const& cfg)
{
    unsigned const threads = cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
    baro::metrics metrics;
    store::database db(cfg.database_url, cfg.db_threads);
    // Public reads on the standby when configured; the write path, moderation, LISTEN and the reads of
    // live events stay on `db`.
    std::unique_ptr<store::database> standby;
    if(! cfg.read_database_url.empty())
        standby = std::make_unique<store::database>(cfg.read_database_url, cfg.db_threads);
    store::database& reads = standby ? *standby : db;
    store::contribution_writer writer(cfg.database_url);
    store::duplicate_grouper grouper(cfg.database_url, [&writer] { return writer.pending(); });
    store::search_indexer indexer(cfg.database_url);  // search follows the acknowledged write (sql/029)
    store::count_folder counts(cfg.database_url);       // folds the queue counts' deltas (sql/035)
    store::catalog_cache catalog(ingest::prepare_catalog);
    if(auto loaded = store::load_catalog(cfg.database_url))
        catalog.set(std::move(*loaded));
    else
        log::warn("serve", "could not load consultations yet (" + loaded.err().message + "); retrying in the background");
    http::messages const text;

    address_table connections(cfg.max_connections_per_address, choose_connection_cap(cfg));
    address_table streams(cfg.max_streams_per_address, 0);  // streams are connections: the total is capped there

    http::route_table routes;
    ingest::channel_context channels{catalog, writer, db, metrics, cfg.keys.pepper, cfg.withdrawal_keywords};
    // Replies to citizens (docs/channels.md): queued by ingest in the transaction of what they
    // answer, sent by the outbox's own thread, never on an Asio thread.
    std::unique_ptr<outbox::sender> replies_out;
    if(! cfg.keys.outbox_key.empty())
    {
        for(char const* p : {"twilio", "africastalking", "orange", "whatsapp", "messenger", "telegram", "smssync"})
            if(replies::can_send(cfg.keys, p))
                channels.reply_providers.insert(p);
        replies_out = std::make_unique<outbox::sender>(
            cfg.database_url, cfg.keys, metrics,
            [&text](std::string const& lang, std::string const& key) { return text.get(lang, key); },
            outbox::sender_options{std::chrono::seconds(cfg.outbox_lease_s)});
        channels.outbox_key = cfg.keys.outbox_key;
        channels.wake_outbox = [&replies_out] { replies_out->wake(); };
        std::string names;
        for(auto const& p : channels.reply_providers)
            names += (names.empty() ? "" : ", ") + p;
        log::info("serve", "replies: sent through " + (names.empty() ? std::string("no provider (no send credentials)") : names));
    }
    // Voice notes and pictures (issue 15): fetched after the commit by a thread of their own; their
    // provider references are sealed with the outbox key, so they need it too.
    std::unique_ptr<outbox::media_fetcher> media;
    if(! cfg.keys.outbox_key.empty() && ! cfg.media_dir.empty())
    {
        media = std::make_unique<outbox::media_fetcher>(cfg.database_url, cfg.keys, metrics,
                                                        outbox::media_options{cfg.media_dir, cfg.media_max_bytes});
        channels.wake_media = [&media] { media->wake(); };
        log::info("serve", "media: fetched into " + cfg.media_dir + ", at most " + std::to_string(cfg.media_max_bytes) + " bytes each");
    }
    ingest::reindex_jobs reindex_jobs(cfg.database_url);  // admins' re-runs of theme suggestion, off the Asio threads
    http::services services{catalog, db,       reads,     text,   metrics, cfg.public_url, cfg.keys, channels, &streams,
                            cfg.metrics_token, &reindex_jobs, cfg.media_dir};
    http::add_ops_routes(routes, services);
    http::add_citizen_routes(routes, services);
    http::add_api_routes(routes, services);
    http::add_hook_routes(routes, services);
    http::add_mod_routes(routes, services);

    http::server_state state{routes, metrics};
    state.trusted_proxies = cfg.trusted_proxies;
    state.connections = &connections;
    metrics.gauge("baro_http_connections", "Client connections open (event streams included).",
                  [&connections] { return static_cast<double>(connections.total()); });
    metrics.gauge("baro_live_streams", "Live event streams open.", [&streams] { return static_cast<double>(streams.total()); });
    metrics.gauge("baro_http_in_flight", "Requests read and not yet answered.", [&state] { return state.in_flight.load(); });
    metrics.gauge("baro_ingest_queue_rows", "Contributions waiting for the group-commit writer.",
                  [&writer] { return static_cast<double>(writer.pending()); });
    metrics.gauge("baro_ingest_batches", "Group-commit transactions committed.",
                  [&writer] { return static_cast<double>(writer.batches()); });
    metrics.gauge("baro_duplicates_grouped", "Contributions this node placed in duplicate groups.",
                  [&grouper] { return static_cast<double>(grouper.grouped()); });
    metrics.gauge("baro_grouping_lag_seconds", "Age of the first contribution (by id) not yet in a duplicate group (0: none waits).",
                  [&grouper] { return grouper.lag_seconds(); });
    metrics.gauge("baro_search_lag_seconds", "Age of the oldest contribution not yet searchable (0: none waits).",
                  [&indexer] { return indexer.lag_seconds(); });
    metrics.gauge("baro_search_indexed", "Contributions this node indexed for search.",
                  [&indexer] { return static_cast<double>(indexer.indexed()); });
    metrics.gauge("baro_count_deltas_waiting", "Queue count deltas not yet folded into their kept rows (counts are exact either way).",
                  [&counts] { return static_cast<double>(counts.waiting()); });
    metrics.gauge("baro_count_deltas_folded", "Queue count deltas this node folded into their kept rows.",
                  [&counts] { return static_cast<double>(counts.folded()); });
    metrics.gauge("baro_store_queue_jobs", "Jobs waiting for a store connection.",
                  [&db] { return static_cast<double>(db.queue_depth()); });

    net::io_context ioc(static_cast<int>(threads));
    // The public side of one node: the SSE hub, the summary cache, the LISTEN bridge between them,
    // and the open-data exporter. Built here, handed to the routes by reference.
    auto const hub = std::make_shared<live::hub>(ioc);
    auto const summaries = std::make_shared<live::summary_cache>(ioc, reads, catalog,
                                                                 [hub](auto const& entry) { live::relay_summary(*hub, entry); });
    auto const order = std::make_shared<live::event_order>();
    auto const listener = std::make_shared<store::publish_listener>(
        ioc, cfg.database_url,
        // The event's contribution is read on the primary the NOTIFY came from, never on the standby,
        // which may not have replayed it yet (docs/architecture.md, "Live events across nodes").
        [hub, order, summaries, &db, &ioc](store::publish_event const& e) {
            live::relay_publish_event(*hub, *order, *summaries, db, ioc.get_executor(), e);
        },
        [hub, summaries](store::listening const& l) {
            hub->restart_from(l.floor);
            if(l.again)
                summaries->invalidate_all();
        });
    listener->start();
    store::exporter exports(reads.url(), {store::export_limits{}.running, cfg.open_data_per_address});
    metrics.gauge("baro_open_data_downloads", "Open-data downloads running.",
                  [&exports] { return static_cast<double>(exports.running()); });
    // Share images are drawn (librsvg, tens of ms of CPU) on one thread of their own: never on an
    // Asio thread, and never more than one core however many previews are asked for at once.
    net::thread_pool renders(1);
    http::publish_context publishing{hub, *summaries, exports, std::chrono::seconds(cfg.open_data_stall_s), renders};
    http::add_publish_routes(routes, services, publishing);
    http::add_mod_export_routes(routes, services, publishing);
    auto const address = net::ip::make_address(cfg.listen_host);
    auto l = std::make_shared<http::listener>(ioc, tcp::endpoint{address, cfg.listen_port}, state);
    l->run();

    net::steady_timer refresh(ioc);
    schedule_refresh(refresh, catalog, db);

    // Graceful stop: take nothing new, let requests in flight finish (their rows commit), then exit.
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    net::steady_timer drain(ioc);
    auto const deadline = std::make_shared<std::chrono::steady_clock::time_point>();
    std::function<void()> wait_drained = [&] {
        if(state.in_flight == 0 || std::chrono::steady_clock::now() >= *deadline)
        {
            log::info("serve", "drained; stopping");
            refresh.cancel();
            ioc.stop();
            return;
        }
        drain.expires_after(std::chrono::milliseconds(20));
        drain.async_wait([&](beast::error_code) { wait_drained(); });
    };
    signals.async_wait([&](beast::error_code ec, int sig) {
        if(ec)
            return;
        log::info("serve", "signal " + std::to_string(sig) + ": stopping after requests in flight");
        state.stopping = true;
        l->stop();
        *deadline = std::chrono::steady_clock::now() + drain_timeout;
        wait_drained();
    });

    log::info("serve", "listening on http://" + l->local_endpoint().address().to_string() + ":" +
                           std::to_string(l->local_endpoint().port()) + " with " + std::to_string(threads) +
                           " threads; public URL " + cfg.public_url);
    std::vector<std::thread> pool;
    for(unsigned i = 1; i < threads; ++i)
        pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for(auto& t : pool)
        t.join();
    listener->stop();
    exports.stop();  // a running download stops at its next row, or within a second when its client stalls
    writer.stop();   // everything queued is written before exit
    if(replies_out)
        replies_out->stop();  // the send in progress finishes; what it holds is due again at once
    grouper.stop();
    if(standby)
        standby->stop();
    db.stop();
    log::info("serve", "stopped");
    return 0;
}

}  // namespace baro::app
