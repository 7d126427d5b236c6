// The outbox's HTTPS client verifies the provider's certificate: a local TLS server with a
// self-signed certificate (no CA vouches for it) gets a handshake that fails, and never a request.
#include "outbox/https_client.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <thread>

using namespace baro;

namespace {

// A TLS server on 127.0.0.1 that answers one connection with a freshly made self-signed certificate
// for 127.0.0.1 / localhost, and records whether the handshake succeeded and whether any request
// bytes came.
class self_signed_server
{
public:
    self_signed_server()
    {
        key_.reset(EVP_RSA_gen(2048));
        REQUIRE(key_);
        cert_.reset(X509_new());
        X509_set_version(cert_.get(), 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert_.get()), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert_.get()), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert_.get()), 3600);
        X509_set_pubkey(cert_.get(), key_.get());
        auto* name = X509_get_subject_name(cert_.get());
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<unsigned char const*>("localhost"), -1, -1, 0);
        X509_set_issuer_name(cert_.get(), name);
        REQUIRE(X509_sign(cert_.get(), key_.get(), EVP_sha256()) > 0);

        ctx_.reset(SSL_CTX_new(TLS_server_method()));
        REQUIRE(SSL_CTX_use_certificate(ctx_.get(), cert_.get()) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey(ctx_.get(), key_.get()) == 1);

        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(fd_, 1) == 0);
        // A client that never comes (or stalls) ends the wait instead of hanging the test.
        timeval limit{30, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        socklen_t len = sizeof addr;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve_one(); });
    }
    ~self_signed_server()
    {
        ::shutdown(fd_, SHUT_RDWR);
        if(thread_.joinable())
            thread_.join();
        ::close(fd_);
    }
    int port() const { return port_; }
    void wait() { thread_.join(); }
    bool accepted() const { return accepted_; }
    bool handshake_ok() const { return handshake_ok_; }
    bool request_came() const { return request_came_; }

private:
    void serve_one()
    {
        int const c = ::accept(fd_, nullptr, nullptr);
        if(c < 0)
            return;
        accepted_ = true;
        timeval limit{30, 0};
        ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx_.get()), SSL_free);
        SSL_set_fd(ssl.get(), c);
        if(SSL_accept(ssl.get()) == 1)
        {
            handshake_ok_ = true;
            char buf[256];
            request_came_ = SSL_read(ssl.get(), buf, sizeof buf) > 0;
        }
        ::close(c);
    }

    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_{nullptr, EVP_PKEY_free};
    std::unique_ptr<X509, decltype(&X509_free)> cert_{nullptr, X509_free};
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_{nullptr, SSL_CTX_free};
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::atomic<bool> accepted_{false}, handshake_ok_{false}, request_came_{false};
};

}  // namespace

TEST_CASE("the outbox's HTTPS client refuses a provider whose certificate no CA vouches for", "[outbox][https]")
{
    outbox::init_https();
    self_signed_server server;
    replies::outbound_request r;
    r.url = "https://localhost:" + std::to_string(server.port()) + "/version1/messaging";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    r.body = "to=%2B22376000000&message=x";
    auto const answer = outbox::perform(r, std::chrono::seconds(20));
    server.wait();
    CHECK(answer.status == 0);
    CHECK_FALSE(answer.error.empty());
    CHECK(server.accepted());          // the client did connect: the refusal is the certificate's
    CHECK_FALSE(server.handshake_ok());
    CHECK_FALSE(server.request_came());  // the SMS never left

    self_signed_server again;
    r.method = "GET";
    r.url = "https://localhost:" + std::to_string(again.port()) + "/media";
    auto const got = outbox::download(r, std::chrono::seconds(20), 1024);
    again.wait();
    CHECK(got.status == 0);
    CHECK(again.accepted());
    CHECK_FALSE(again.handshake_ok());
}

TEST_CASE("the outbox's HTTPS client gives up on a provider that never answers, within its timeout", "[outbox][https]")
{
    outbox::init_https();
    // A listener that takes the connection and says nothing.
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);

    replies::outbound_request r;
    r.url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/version1/messaging";
    r.body = "to=%2B22376000000&message=x";
    auto const start = std::chrono::steady_clock::now();
    auto const answer = outbox::perform(r, std::chrono::seconds(1));
    auto const took = std::chrono::steady_clock::now() - start;
    ::close(fd);
    CHECK(answer.status == 0);
    CHECK_FALSE(answer.error.empty());
    CHECK(took >= std::chrono::milliseconds(900));
    CHECK(took < std::chrono::seconds(30));  // bounded (a busy machine may be slow, never stuck)
}
