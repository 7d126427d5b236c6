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
    CHECK(parse_config(env(), R"({"read_database_url": "postgresql://baro@s/baro"})")->read_database_url == "postgresql://baro@s/baro");
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
    auto const ok = parse_secrets(R"({"pepper": ")" + pepper +
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
