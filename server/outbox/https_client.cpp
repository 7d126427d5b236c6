#include "outbox/https_client.hpp"

#include <curl/curl.h>

#include <memory>

namespace baro::outbox {

namespace {

constexpr long connect_timeout_s = 5;
constexpr std::size_t max_answer_bytes = 64 * 1024;  // a send API answers a few hundred bytes

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out)
{
    auto& body = *static_cast<std::string*>(out);
    if(body.size() + size * n > max_answer_bytes)
        return 0;  // aborts the transfer
    body.append(data, size * n);
    return size * n;
}

struct capped_body
{
    std::string bytes;
    std::size_t cap = 0;
    bool over = false;
};

std::size_t collect_capped(char* data, std::size_t size, std::size_t n, void* out)
{
    auto& body = *static_cast<capped_body*>(out);
    if(body.bytes.size() + size * n > body.cap)
    {
        body.over = true;
        return 0;  // aborts the transfer
    }
    body.bytes.append(data, size * n);
    return size * n;
}

}  // namespace

download_answer download(replies::outbound_request const& r, std::chrono::seconds timeout, std::size_t max_bytes)
{
    download_answer a;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if(! curl)
    {
        a.error = "curl_easy_init failed";
        return a;
    }
    curl_slist* headers = nullptr;
    for(auto const& [name, value] : r.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);

    capped_body body;
    body.cap = max_bytes;
    auto* const c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_capped);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    auto const rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    if(rc == CURLE_FILESIZE_EXCEEDED || body.over)
    {
        a.too_large = true;
        return a;
    }
    if(rc != CURLE_OK)
    {
        a.status = 0;
        a.error = curl_easy_strerror(rc);
        return a;
    }
    a.body = std::move(body.bytes);
    return a;
}

void init_https() { curl_global_init(CURL_GLOBAL_DEFAULT); }

http_answer perform(replies::outbound_request const& r, std::chrono::seconds timeout)
{
    http_answer a;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if(! curl)
    {
        a.error = "curl_easy_init failed";
        return a;
    }
    curl_slist* headers = nullptr;
    for(auto const& [name, value] : r.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);

    auto* const c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in a threaded server
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
    auto const rc = curl_easy_perform(c);
    if(rc != CURLE_OK)
    {
        a.error = curl_easy_strerror(rc);
        return a;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    return a;
}

}  // namespace baro::outbox
