#include "app/cli.hpp"
#include "app/config.hpp"

#include <catch2/catch.hpp>

using namespace baro;
using namespace baro::app;

namespace {
std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {})
{
    std::map<std::string, std::string> e{{"BARO_DATABASE_URL", "postgresql://baro@127.0.0.1:5433/baro"}};
    for(auto& [k, v] : extra)
        e[k] = v;
    return e;
}
}  // namespace

TEST_CASE("a configuration with only the database URL takes the documented defaults", "[config]")
{
    auto c = parse_config(env(), "");
    REQUIRE(c.ok());
    CHECK(c->listen_host == "127.0.0.1");
    CHECK(c->listen_port == 8080);
    CHECK(c->public_url == "http://127.0.0.1:8080");
    CHECK(c->threads == 0);
}

TEST_CASE("the environment wins over the JSON config file", "[config]")
{
    auto c = parse_config(env({{"BARO_LISTEN", "0.0.0.0:9000"}}),
                          R"({"listen": "127.0.0.1:1234", "public_url": "https://baro.ml/", "threads": "3"})");
    REQUIRE(c.ok());
    CHECK(c->listen_host == "0.0.0.0");
    CHECK(c->listen_port == 9000);
    CHECK(c->public_url == "https://baro.ml");
    CHECK(c->threads == 3);
}

TEST_CASE("public reads go to BARO_READ_DATABASE_URL when it is set, else to the primary", "[config]")
{
    CHECK(parse_config(env(), "")->read_database_url.empty());
    auto c = parse_config(env({{"BARO_READ_DATABASE_URL", "postgresql://baro@standby:5432/baro"}}), "");
    REQUIRE(c.ok());
    CHECK(c->read_database_url == "postgresql://baro@standby:5432/baro");
    CHECK(c->database_url != c->read_database_url);
    CHECK(parse_config(env(), R"({"read_database_url": "postgresql://baro@s/baro"})")->read_database_url ==
          "postgresql://baro@s/baro");
    CHECK(parse_config(env({{"BARO_READ_DATABASE_URL", "host=standby"}}), "").err().message.find("BARO_READ_DATABASE_URL") !=
          std::string::npos);
}

TEST_CASE("each configuration mistake is named", "[config]")
{
    CHECK(parse_config({}, "").err().message.find("BARO_DATABASE_URL") != std::string::npos);
    CHECK(parse_config({{"BARO_DATABASE_URL", "host=x"}}, "").err().message.find("libpq URI") != std::string::npos);
    CHECK(parse_config(env({{"BARO_LISTEN", "8080"}}), "").err().message.find("host:port") != std::string::npos);
    CHECK(parse_config(env({{"BARO_LISTEN", "x:70000"}}), "").err().message.find("port") != std::string::npos);
    CHECK(parse_config(env({{"BARO_THREADS", "many"}}), "").err().message.find("BARO_THREADS") != std::string::npos);
    CHECK(parse_config(env({{"BARO_PUBLIC_URL", "ftp://x"}}), "").err().message.find("BARO_PUBLIC_URL") != std::string::npos);
    CHECK(parse_config(env(), "{not json").err().message.find("--config") != std::string::npos);
}

TEST_CASE("an IPv6 listen address is accepted in brackets", "[config]")
{
    auto hp = parse_listen("[::1]:8443");
    REQUIRE(hp.ok());
    CHECK(hp->first == "::1");
    CHECK(hp->second == 8443);
}

TEST_CASE("the secrets file needs a 64-hex-character pepper and reads each gateway's secrets", "[config]")
{
    secrets s;
    CHECK_FALSE(parse_secrets(R"({"pepper": "abc"})", s).ok());
    CHECK_FALSE(parse_secrets("[]", s).ok());
    std::string const pepper(64, 'a');
    auto const ok =
        parse_secrets(R"({"pepper": ")" + pepper +
                          R"(", "twilio": {"auth_token": "t"}, "africastalking": {"sms_token": "s", "allow_from": ["1.2.3.4"]}})",
                      s);
    REQUIRE(ok.ok());
    CHECK(s.pepper.size() == 32);
    CHECK(s.twilio_auth_token == "t");
    CHECK(s.at_sms_token == "s");
    CHECK(s.at_allow_from == std::vector<std::string>{"1.2.3.4"});
    CHECK(s.meta_app_secret.empty());
}

TEST_CASE("the command line separates words, options and --config", "[cli]")
{
    auto cl = parse_command_line({"--config", "/etc/baro.json", "user", "add", "--email", "a@b.ml", "--role=admin"});
    REQUIRE(cl.ok());
    CHECK(cl->config_file == "/etc/baro.json");
    CHECK(cl->words == std::vector<std::string>{"user", "add"});
    CHECK(cl->options.at("email") == "a@b.ml");
    CHECK(cl->options.at("role") == "admin");
    CHECK_FALSE(parse_command_line({"user", "add", "--email"}).ok());
    CHECK(parse_command_line({"serve", "--help"})->help);
    CHECK(help_text({"user", "add"}).find("--role") != std::string::npos);
}

TEST_CASE("operators add withdrawal keywords, e.g. in Bambara", "[config]")
{
    auto from_env = parse_config(env({{"BARO_WITHDRAWAL_KEYWORDS", " A JƆSI , ANNULER,, "}}), "");
    REQUIRE(from_env.ok());
    CHECK(from_env->withdrawal_keywords == std::vector<std::string>{"A JƆSI", "ANNULER"});
    auto from_file = parse_config(env(), R"({"withdrawal_keywords": ["A JƆSI"]})");
    REQUIRE(from_file.ok());
    CHECK(from_file->withdrawal_keywords == std::vector<std::string>{"A JƆSI"});
    CHECK(parse_config(env(), R"({"withdrawal_keywords": "STOP"})").err().message.find("withdrawal_keywords") !=
          std::string::npos);
    CHECK(parse_config(env(), "").value().withdrawal_keywords.empty());
}

TEST_CASE("trusted proxies come from BARO_TRUSTED_PROXIES or the config file, and are checked", "[config]")
{
    auto from_env = parse_config(env({{"BARO_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"}}), "");
    REQUIRE(from_env.ok());
    CHECK(from_env->trusted_proxies == std::vector<std::string>{"127.0.0.1", "10.0.0.0/8"});
    auto from_file = parse_config(env(), R"({"trusted_proxies": ["::1"]})");
    REQUIRE(from_file.ok());
    CHECK(from_file->trusted_proxies == std::vector<std::string>{"::1"});
    auto bad = parse_config(env({{"BARO_TRUSTED_PROXIES", "nginx"}}), "");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().message.find("\"nginx\"") != std::string::npos);
    CHECK(parse_config(env(), "").value().trusted_proxies.empty());
}

TEST_CASE("open-data downloads have a stall deadline and a per-address limit, from the environment or the file", "[config]")
{
    auto d = parse_config(env(), "");
    REQUIRE(d.ok());
    CHECK(d->open_data_stall_s == 30);
    CHECK(d->open_data_per_address == 2);

    auto c = parse_config(env({{"BARO_OPEN_DATA_STALL_SECONDS", "5"}}),
                          R"({"open_data_stall_seconds": 60, "open_data_per_address": 3})");
    REQUIRE(c.ok());
    CHECK(c->open_data_stall_s == 5);
    CHECK(c->open_data_per_address == 3);

    CHECK(parse_config(env({{"BARO_OPEN_DATA_STALL_SECONDS", "0"}}), "").err().message.find("BARO_OPEN_DATA_STALL_SECONDS") !=
          std::string::npos);
    CHECK(parse_config(env({{"BARO_OPEN_DATA_PER_ADDRESS", "lots"}}), "").err().message.find("BARO_OPEN_DATA_PER_ADDRESS") !=
          std::string::npos);
    CHECK(parse_config(env({{"BARO_OPEN_DATA_PER_ADDRESS", "65"}}), "").err().message.find("BARO_OPEN_DATA_PER_ADDRESS") !=
          std::string::npos);
}

TEST_CASE("connection and stream caps have defaults for a 2-core node and come from env or the config file", "[config][limits]")
{
    auto d = parse_config(env(), "");
    REQUIRE(d.ok());
    CHECK(d->max_connections == 0);  // derived from the descriptor limit at start
    CHECK(d->max_connections_per_address == 256);
    CHECK(d->max_streams_per_address == 64);
    CHECK(d->metrics_token.empty());  // /metrics: loopback only

    auto f = parse_config(env(), R"({"max_connections": 5000, "max_connections_per_address": "20",
                                     "max_streams_per_address": 3, "metrics_token": "0123456789abcdef"})");
    REQUIRE(f.ok());
    CHECK(f->max_connections == 5000);
    CHECK(f->max_connections_per_address == 20);
    CHECK(f->max_streams_per_address == 3);
    CHECK(f->metrics_token == "0123456789abcdef");

    auto e = parse_config(env({{"BARO_MAX_CONNECTIONS_PER_ADDRESS", "0"}, {"BARO_MAX_STREAMS_PER_ADDRESS", "20000"}}),
                          R"({"max_connections_per_address": 20})");
    REQUIRE(e.ok());
    CHECK(e->max_connections_per_address == 0);  // no cap
    CHECK(e->max_streams_per_address == 20000);
}

TEST_CASE("a wrong connection cap or a short metrics token is named", "[config][limits]")
{
    auto bad = parse_config(env({{"BARO_MAX_CONNECTIONS", "many"}}), "");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.err().message.find("BARO_MAX_CONNECTIONS") != std::string::npos);
    auto negative = parse_config(env({{"BARO_MAX_STREAMS_PER_ADDRESS", "-1"}}), "");
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.err().message.find("BARO_MAX_STREAMS_PER_ADDRESS") != std::string::npos);
    auto token = parse_config(env({{"BARO_METRICS_TOKEN", "short"}}), "");
    REQUIRE_FALSE(token.ok());
    CHECK(token.err().message.find("BARO_METRICS_TOKEN") != std::string::npos);
}

TEST_CASE("the total connection cap fits under the descriptor limit", "[config][limits]")
{
    CHECK(connection_cap(0, 20000) == 20000 - descriptor_reserve);      // derived: the limit minus the reserve
    CHECK(connection_cap(10000, 20000) == 10000);                       // a configured cap that fits is kept
    CHECK(connection_cap(50000, 20000) == 20000 - descriptor_reserve);  // one that does not is lowered
    CHECK(connection_cap(0, 400) == 200);                               // a tiny limit: half of it
    CHECK(connection_cap(0, ~std::uint64_t{0}) == 1'000'000);           // unlimited
}

TEST_CASE("the secrets file's outbox key is 64 hex characters; send credentials and base URLs are read", "[config]")
{
    std::string const pepper(64, 'a');
    secrets s;
    CHECK_FALSE(parse_secrets(R"({"pepper": ")" + pepper + R"(", "outbox": {"key": "abcd"}})", s).ok());
    secrets t;
    REQUIRE(parse_secrets(R"({"pepper": ")" + pepper + R"(", "outbox": {"key": ")" + std::string(64, 'b') +
                              R"("}, "twilio": {"account_sid": "AC1", "api_base": "http://127.0.0.1:9"},
                                 "orange": {"client_id": "i", "client_secret": "s"}})",
                          t)
                .ok());
    CHECK(t.outbox_key == std::string(32, '\xbb'));
    CHECK(t.twilio_send.account_sid == "AC1");
    CHECK(t.twilio_send.api_base == "http://127.0.0.1:9");
    CHECK(t.orange_send.api_base == "https://api.orange.com");
    CHECK(t.orange_send.client_secret == "s");
}
