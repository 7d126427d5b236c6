#pragma once
#include "core/result.hpp"
#include "core/secrets.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace baro::app {

/// Everything the server needs to start; one object, built once.
struct config
{
    std::string database_url;  ///< libpq URI
    /// Public reads (summaries, lists, embeds, feeds, open data) go here when set: a synchronous
    /// standby with synchronous_commit = remote_apply. Empty: database_url. Writes never do.
    std::string read_database_url;
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 8080;
    std::string public_url;  ///< as gateways and browsers see us; default http://listen
    std::string secrets_file;
    unsigned threads = 0;     ///< Asio threads; 0 = one per core
    unsigned db_threads = 4;  ///< pqxx connections for reads
    bool log_debug = false;
    /// Extra withdrawal keywords besides STOP and SUPPRIMER (e.g. Bambara "A JƆSI"): the
    /// "withdrawal_keywords" list of the --config file, or BARO_WITHDRAWAL_KEYWORDS, comma-separated.
    std::vector<std::string> withdrawal_keywords;
    /// Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks): the
    /// "trusted_proxies" list of the --config file, or BARO_TRUSTED_PROXIES, comma-separated.
    /// Empty: the TCP peer is the client (baro faces the gateways itself).
    std::vector<std::string> trusted_proxies;
    /// An open-data download whose client takes no bytes for this long is cut and its COPY cancelled:
    /// BARO_OPEN_DATA_STALL_SECONDS or "open_data_stall_seconds", 1 to 3600.
    unsigned open_data_stall_s = 30;
    /// Open-data downloads one client address may run at once (more are answered 429):
    /// BARO_OPEN_DATA_PER_ADDRESS or "open_data_per_address", 1 to 64.
    unsigned open_data_per_address = 2;
    /// How long the outbox sender holds a claimed reply (BARO_OUTBOX_LEASE_SECONDS or
    /// "outbox_lease_seconds", 2 to 3600): a node that dies mid-send leaves it due again after this.
    unsigned outbox_lease_s = 60;
    /// Voice notes and pictures (issue 15): the directory their files are kept in, named by their
    /// SHA-256, outside any public path (BARO_MEDIA_DIR, "media_dir"); empty: media are not fetched
    /// (their rows stay pending). BARO_MEDIA_MAX_BYTES ("media_max_bytes"): a larger medium is refused.
    std::string media_dir;
    unsigned media_max_bytes = 16 * 1024 * 1024;
    /// Connections open at once, all clients together (BARO_MAX_CONNECTIONS, "max_connections").
    /// 0: derived at start from the descriptor limit (the limit minus descriptor_reserve); a larger
    /// value is lowered to that, with a warning.
    unsigned max_connections = 0;
    /// Connections one client address may hold (BARO_MAX_CONNECTIONS_PER_ADDRESS,
    /// "max_connections_per_address"); 0: no cap. The address is the TCP peer (an IPv6 peer by its
    /// /64); a trusted proxy's connections count in the total only.
    unsigned max_connections_per_address = 256;
    /// Live event streams one client address may hold (BARO_MAX_STREAMS_PER_ADDRESS,
    /// "max_streams_per_address"); 0: no cap. The address is the client's as the rest of the server
    /// sees it: X-Forwarded-For's from a trusted proxy.
    unsigned max_streams_per_address = 64;
    /// Bearer token that /metrics requires (BARO_METRICS_TOKEN, "metrics_token"). Empty: /metrics
    /// answers loopback clients only, and only requests no proxy forwarded.
    std::string metrics_token;
    secrets keys;
};

/// Descriptors kept out of the connection cap: database connections, the LISTEN connection, the
/// listener, files and logs.
constexpr unsigned descriptor_reserve = 256;

/// The total connection cap under a descriptor limit of `nofile`: `configured` when it fits, else
/// (and for 0) the limit minus descriptor_reserve (at least 1/2 of a small limit). Pure.
unsigned connection_cap(unsigned configured, std::uint64_t nofile);

/// Builds the configuration from environment variables and an optional JSON config text (environment
/// wins). Pure: the caller reads the files. Errors name the variable and what is wrong.
result<config> parse_config(std::map<std::string, std::string> const& env, std::string const& json_text);

/// Parses the secrets file's JSON text into `out`.
status parse_secrets(std::string const& json_text, secrets& out);

/// Splits "host:port" (IPv6 as "[::1]:8080").
result<std::pair<std::string, unsigned short>> parse_listen(std::string const& s);

}  // namespace baro::app
