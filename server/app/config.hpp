#pragma once
#include "core/result.hpp"
#include "core/secrets.hpp"

#include <map>
#include <string>
#include <vector>

namespace baro::app {

using baro::secrets;

/// Everything the server needs to start; one object, built once.
struct config
{
    std::string database_url;           ///< libpq URI
    /// Public reads (summaries, lists, embeds, feeds, open data) go here when set: a synchronous
    /// standby with synchronous_commit = remote_apply. Empty: database_url. Writes never do.
    std::string read_database_url;
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 8080;
    std::string public_url;             ///< as gateways and browsers see us; default http://listen
    std::string secrets_file;
    unsigned threads = 0;               ///< Asio threads; 0 = one per core
    unsigned db_threads = 4;            ///< pqxx connections for reads
    bool log_debug = false;
    /// Extra withdrawal keywords besides STOP and SUPPRIMER (e.g. Bambara "A JƆSI"): the
    /// "withdrawal_keywords" list of the --config file, or BARO_WITHDRAWAL_KEYWORDS, comma-separated.
    std::vector<std::string> withdrawal_keywords;
    /// Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks): the
    /// "trusted_proxies" list of the --config file, or BARO_TRUSTED_PROXIES, comma-separated.
    /// Empty: the TCP peer is the client (baro faces the gateways itself).
    std::vector<std::string> trusted_proxies;
    secrets keys;
};

/// Builds the configuration from environment variables and an optional JSON config text (environment
/// wins). Pure: the caller reads the files. Errors name the variable and what is wrong.
result<config> parse_config(std::map<std::string, std::string> const& env, std::string const& json_text);

/// Parses the secrets file's JSON text into `out`.
status parse_secrets(std::string const& json_text, secrets& out);

/// Splits "host:port" (IPv6 as "[::1]:8080").
result<std::pair<std::string, unsigned short>> parse_listen(std::string const& s);

}  // namespace baro::app
