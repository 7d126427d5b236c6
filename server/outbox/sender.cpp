#include "outbox/sender.hpp"

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "outbox/https_client.hpp"
#include "outbox/plan.hpp"
#include "replies/orange_send.hpp"
#include "replies/policy.hpp"
#include "store/outbox.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>

namespace baro::outbox {

namespace {

constexpr std::size_t claim_batch = 16;
// Renew Orange's token this long before it expires, so that no request carries a dying one.
constexpr auto token_margin = std::chrono::seconds(60);
// How often replies nobody fetched (an SMSSync phone gone) are looked for.
constexpr auto expiry_interval = std::chrono::minutes(1);

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
        expire_pulled(queue);
        auto claimed = queue.claim(claim_batch, options_.lease);
        std::map<std::int64_t, std::int64_t> spent;  // SMS sent per consultation since this claim counted them
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
                    handle(queue, r, spent);
            }
        if(claimed && claimed->size() == claim_batch)
            continue;  // more may be due
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, options_.poll, [this] { return woken_ || stopping_; });
    }
}

void sender::expire_pulled(store::outbox_queue& queue)
{
    auto const now = std::chrono::steady_clock::now();
    if(now < next_expiry_)
        return;
    next_expiry_ = now + expiry_interval;
    if(auto n = queue.expire_pulled(replies::max_age); n && *n > 0)
        log::info("outbox", std::to_string(*n) + " SMSSync replies not fetched within a day given up");
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

void sender::handle(store::outbox_queue& queue, store::claimed_reply& r, std::map<std::int64_t, std::int64_t>& spent)
{
    auto const done = [&](std::string const& final_status, std::string const& reason) {
        (void)queue.mark_done(r.id, final_status, reason);
        metrics_.count(final_status == "failed" ? "baro_outbox_failed_total" : "baro_outbox_skipped_total",
                       labels(r) + ",reason=\"" + reason + "\"");
        log::info("outbox",
                  "reply " + std::to_string(r.id) + " (" + r.provider + ", " + r.kind + ") " + final_status + ": " + reason);
    };
    auto plan = plan_reply(keys_, r, texts_, spent[r.consultation_id]);
    if(plan.counts_budget)
        metrics_.set("baro_sms_budget_remaining", "consultation=\"" + r.consultation_slug + "\"",
                     static_cast<double>(plan.budget_left));
    if(! plan.final_status.empty())
        return done(plan.final_status, plan.reason);
    auto& m = plan.message;
    auto const budget_left = plan.budget_left;
    bool const counts_budget = plan.counts_budget;

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
            ++spent[r.consultation_id];
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
