#include "outbox/media_fetcher.hpp"

#include "channels/media_type.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "outbox/https_client.hpp"
#include "replies/media_fetch.hpp"
#include "replies/policy.hpp"
#include "store/media.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace baro::outbox {

namespace {

constexpr std::size_t claim_batch = 4;
constexpr std::size_t sweep_batch = 256;
constexpr std::size_t max_lookup_bytes = 64 * 1024;  // a Graph API or getFile answer is a few hundred bytes
constexpr int max_fetch_attempts = 8;

// What a provider's failure means for a medium: retry (no answer, 408, 429, 5xx, 401) or refuse.
bool worth_retrying(long status) { return replies::judge(status) == replies::send_verdict::retry; }

// Writes `bytes` as `path` (0600): a temporary file, synced, then renamed, so a crash leaves no
// half file under a checksum's name. False with errno's reason in `error`.
bool write_file(std::string const& dir, std::string const& name, std::string const& bytes, std::string& error)
{
    auto const tmp = dir + "/." + name + ".tmp";
    int const fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if(fd < 0)
    {
        error = std::strerror(errno);
        return false;
    }
    std::size_t done = 0;
    while(done < bytes.size())
    {
        auto const n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if(n < 0 && errno == EINTR)
            continue;
        if(n <= 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    bool const ok = done == bytes.size() && ::fsync(fd) == 0;
    error = ok ? "" : std::strerror(errno);
    ::close(fd);
    if(! ok || ::rename(tmp.c_str(), (dir + "/" + name).c_str()) != 0)
    {
        error = error.empty() ? std::strerror(errno) : error;
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

std::string read_file(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

media_fetcher::media_fetcher(std::string database_url, secrets keys, baro::metrics& metrics, media_options options)
    : url_(std::move(database_url)),
      keys_(std::move(keys)),
      metrics_(metrics),
      options_(std::move(options)),
      timeout_(std::clamp<std::chrono::seconds>(options_.lease / 2, std::chrono::seconds(2), std::chrono::seconds(600)))
{
    ::mkdir(options_.dir.c_str(), 0700);  // an existing directory is fine; a missing parent shows at the first write
    init_https();
    thread_ = std::thread([this] { run(); });
}

media_fetcher::~media_fetcher() { stop(); }

void media_fetcher::wake()
{
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_one();
}

void media_fetcher::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_one();
    if(thread_.joinable())
        thread_.join();
}

void media_fetcher::run()
{
    store::media_queue queue(url_);
    for(;;)
    {
        {
            std::lock_guard lock(mutex_);
            if(stopping_)
                return;
            woken_ = false;
        }
        sweep(queue);
        auto claimed = queue.claim(claim_batch, options_.lease);
        if(claimed)
            for(auto const& m : *claimed)
            {
                {
                    std::lock_guard lock(mutex_);
                    if(stopping_)
                        break;  // the lease runs out: due again after a restart
                }
                handle(queue, m);
            }
        if(claimed && claimed->size() == claim_batch)
            continue;
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, options_.poll, [this] { return woken_ || stopping_; });
    }
}

void media_fetcher::sweep(store::media_queue& queue)
{
    if(auto const gone = queue.sweep_orphans(sweep_batch))
        erase_files(*gone, "baro_media_erased_total");
    // Past retention: a scan of the media held, so not at every turn; a batch that freed files is
    // followed by another at once, so a backlog does not wait a period per batch.
    if(std::chrono::steady_clock::now() < next_expiry_)
        return;
    auto const expired = queue.expire(sweep_batch);
    next_expiry_ = expired && ! expired->empty() ? std::chrono::steady_clock::now()
                                                  : std::chrono::steady_clock::now() + options_.retention_every;
    if(expired)
        erase_files(*expired, "baro_media_expired_total");
}

void media_fetcher::erase_files(std::vector<std::string> const& checksums, char const* counter)
{
    for(auto const& sha : checksums)
    {
        if(sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos)
            continue;  // never a path built from anything but a checksum
        if(::unlink((options_.dir + "/" + sha).c_str()) == 0)
            metrics_.count(counter, "");
    }
}

void media_fetcher::handle(store::media_queue& queue, store::claimed_media const& m)
{
    auto const labels = "provider=\"" + m.provider + "\",kind=\"" + m.kind + "\"";
    auto const refuse = [&](std::string const& reason) {
        (void)queue.mark_refused(m.id, reason);
        metrics_.count("baro_media_refused_total", labels + ",reason=\"" + reason + "\"");
        log::info("media", "medium " + std::to_string(m.id) + " (" + m.provider + ", " + m.kind + ") refused: " + reason);
    };
    auto const retry = [&](std::string const& reason, std::string const& detail) {
        if(m.attempts >= max_fetch_attempts)
            return refuse("unreachable");
        auto const delay = replies::retry_delay(m.attempts);
        (void)queue.mark_retry(m.id, delay, reason);
        metrics_.count("baro_media_retries_total", labels);
        log::warn("media", "medium " + std::to_string(m.id) + " (" + m.provider + "): " + reason +
                               (detail.empty() ? "" : " (" + detail + ")") + "; again in " + std::to_string(delay.count()) + " s");
    };

    auto const reference = crypto::open(keys_.outbox_key, m.sealed);
    if(! reference)
        return refuse("sealed");  // outbox.key changed since it was queued
    auto request = replies::media_first_request(keys_, m.provider, *reference);
    if(! request)
        return refuse(request.err().key);
    if(replies::media_needs_lookup(m.provider))
    {
        auto const lookup = download(*request, timeout_, max_lookup_bytes);
        if(lookup.status < 200 || lookup.status > 299)
            return worth_retrying(lookup.status) && ! lookup.too_large
                       ? retry(lookup.status ? "lookup_http_" + std::to_string(lookup.status) : "no_answer", lookup.error)
                       : refuse("lookup_http_" + std::to_string(lookup.status));
        request = replies::media_download_request(keys_, m.provider, lookup.body);
        if(! request)
            return refuse(request.err().key);
    }
    auto const file = download(*request, timeout_, options_.max_bytes);
    if(file.too_large)
        return refuse("too_large");
    if(file.status < 200 || file.status > 299)
        return worth_retrying(file.status) ? retry(file.status ? "http_" + std::to_string(file.status) : "no_answer", file.error)
                                           : refuse("http_" + std::to_string(file.status));
    if(file.body.empty())
        return refuse("empty");
    auto const sniffed = channels::sniff_media(file.body);
    if(sniffed.kind.empty())
        return refuse("not_media");
    if(sniffed.kind != m.kind)
        return refuse("wrong_kind");  // sent as a voice note, the bytes are a picture (or the reverse)

    auto const sha = crypto::to_hex(crypto::sha256(file.body));
    std::string error;
    if(! write_file(options_.dir, sha, file.body, error))
        return retry("write_failed", error);
    // Read back: what is on disk is what came, or it is not kept.
    if(crypto::to_hex(crypto::sha256(read_file(options_.dir + "/" + sha))) != sha)
        return retry("checksum_mismatch", "");
    (void)queue.mark_stored(m.id, {sha, static_cast<std::int64_t>(file.body.size()), sniffed.content_type});
    metrics_.count("baro_media_stored_total", labels);
    log::info("media", "medium " + std::to_string(m.id) + " (" + m.provider + ", " + sniffed.content_type + ", " +
                           std::to_string(file.body.size()) + " bytes) stored");
}

}  // namespace baro::outbox
