#include "outbox/sender.hpp"

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "outbox/https_client.hpp"
#include "replies/orange_send.hpp"
#include "replies/policy.hpp"
#include "store/outbox.hpp"

#include <sodium.h>

#include <algorithm>

namespace baro::outbox {

namespace {

constexpr std::size_t claim_batch = 16;
// Renew Orange's token this long before it expires, so that no request carries a dying one.
constexpr auto token_margin = std::chrono::seconds(60);

std::string labels(store::claimed_reply const& r) { return "provider=\"" + r.provider + "\",kind=\"" + r.kind + "\""; }

}  // namespace

sender::sender(std::string database_url, secrets keys, baro::metrics& metrics, text_lookup texts, sender_options options)
    : url_(std::move(database_url)),
      keys_(std::move(keys)),
      metrics_(metrics),
      texts_(std::move(texts)),
      options_(options),
      timeout_(std::clamp<std::chrono::seconds>(options.lease / 2, std::chrono::seconds(1), std::chrono::seconds(15)))
{
    init_https();
    thread_ = std::thread([this] { run(); });
}

sender::~sender() { stop(); }

void sender::wake()
{
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_one();
}

void sender::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_one();
    if(thread_.joinable())
        thread_.join();
}

void sender::run()
{
    store::outbox_queue queue(url_);
    for(;;)
    {
        {
            std::lock_guard lock(mutex_);
            if(stopping_)
                return;
            woken_ = false;
        }
        auto claimed = queue.claim(claim_batch, options_.lease);
        if(claimed)
            for(auto& r : *claimed)
            {
                bool stopping = false;
                {
                    std::lock_guard lock(mutex_);
                    stopping = stopping_;
                }
                if(stopping)
                    (void)queue.mark_retry(r.id, std::chrono::seconds(0),
                                           "stopped");  // due again at once, elsewhere or after restart
                else
                    handle(queue, r);
            }
        if(claimed && claimed->size() == claim_batch)
            continue;  // more may be due
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, options_.poll, [this] { return woken_ || stopping_; });
    }
}

std::string sender::orange_token()
{
    auto const now = std::chrono::steady_clock::now();
    if(! orange_token_.empty() && now + token_margin < orange_expiry_)
        return orange_token_;
    orange_token_.clear();
    auto const answer = perform(replies::orange_token_request(keys_.orange_send), timeout_);
    if(replies::judge(answer.status) != replies::send_verdict::sent)
    {
        log::warn("outbox", "Orange token request: " + (answer.status ? "HTTP " + std::to_string(answer.status) : answer.error));
        return {};
    }
    auto token = replies::parse_orange_token(answer.body);
    if(! token)
        return {};
    orange_token_ = token->access_token;
    orange_expiry_ = now + token->expires_in;
    return orange_token_;
}

void sender::handle(store::outbox_queue& queue, store::claimed_reply& r)
{
    auto const done = [&](char const* final_status, std::string const& reason) {
        (void)queue.mark_done(r.id, final_status, reason);
        metrics_.count(std::string(final_status) == "failed" ? "baro_outbox_failed_total" : "baro_outbox_skipped_total",
                       labels(r) + ",reason=\"" + reason + "\"");
        log::info("outbox",
                  "reply " + std::to_string(r.id) + " (" + r.provider + ", " + r.kind + ") " + final_status + ": " + reason);
    };
    bool const counts_budget = r.kind == "ack" && r.channel == "sms" && r.consultation_id != 0;
    auto const budget_left = std::max<std::int64_t>(0, r.daily_sms_budget - r.sms_sent_today);
    if(counts_budget)
        metrics_.set("baro_sms_budget_remaining", "consultation=\"" + r.consultation_slug + "\"",
                     static_cast<double>(budget_left));

    auto address = crypto::open(keys_.outbox_key, r.sealed);
    if(! address)
        return done("failed", "sealed");  // outbox.key changed since it was queued
    if(r.age > replies::max_age)
        return done("failed", "too_old");
    if(! replies::within_window(r.provider, r.channel, r.since_message))
        return done("skipped", "window");
    if(r.kind == "ack" && ! r.acknowledgements)
        return done("skipped", "acknowledgements_off");
    if(counts_budget && budget_left == 0)
        return done("skipped", "budget");
    if(! replies::can_send(keys_, r.provider))
        return done("failed", "no_credentials");

    replies::reply_message m;
    m.provider = r.provider;
    m.channel = r.channel;
    m.recipient = std::move(*address);
    m.route = r.route;
    m.idempotency_key = r.idempotency_key;
    m.text = ! r.custom_text.empty()
                 ? r.custom_text
                 : texts_(replies::reply_language(r.language), r.kind == "ack" ? "reply.thanks" : "reply.withdrawn");

    std::string token;
    http_answer answer;
    if(r.provider == "orange" && (token = orange_token()).empty())
        answer.error = "no token";
    else
        answer = perform(replies::send_request(keys_, m, token), timeout_);
    sodium_memzero(m.recipient.data(), m.recipient.size());  // the address lives no longer than the send

    switch(replies::judge(answer.status))
    {
    case replies::send_verdict::sent:
        (void)queue.mark_sent(r.id, "");
        metrics_.count("baro_outbox_sent_total", labels(r));
        if(counts_budget)
            metrics_.set("baro_sms_budget_remaining", "consultation=\"" + r.consultation_slug + "\"",
                         static_cast<double>(budget_left - 1));
        log::info("outbox", "reply " + std::to_string(r.id) + " (" + r.provider + ", " + r.kind + ") sent");
        return;
    case replies::send_verdict::give_up: return done("failed", "http_" + std::to_string(answer.status));
    case replies::send_verdict::retry: break;
    }
    if(answer.status == 401 && r.provider == "orange")
        orange_token_.clear();
    auto const reason = answer.status ? "http_" + std::to_string(answer.status) : std::string("no_answer");
    if(r.attempts >= replies::max_attempts)
        return done("failed", reason);
    auto const delay = replies::retry_delay(r.attempts);
    (void)queue.mark_retry(r.id, delay, reason);
    metrics_.count("baro_outbox_retries_total", labels(r));
    log::warn("outbox", "reply " + std::to_string(r.id) + " (" + r.provider + ", " + r.kind + "): " + reason + " (" +
                            (answer.error.empty() ? "" : answer.error + ", ") + "attempt " + std::to_string(r.attempts) +
                            "); again in " + std::to_string(delay.count()) + " s");
}

}  // namespace baro::outbox
