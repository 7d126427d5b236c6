#pragma once
#include "core/demographics.hpp"
#include "core/result.hpp"
#include "moderation/rules/lifecycle.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text {
class theme_matcher;
}

namespace baro::store {

class database;

/// A theme and its keyword lexicons (display forms; matching goes through text::search_key).
struct theme_info
{
    std::string slug;
    nlohmann::json label;  ///< {"fr": …, "bm": …, "en": …}
    std::vector<std::string> keywords_fr, keywords_bm;
    bool retired = false;  ///< kept for history (counts, published themes); no longer suggested or offered
};

/// What intake and pages need to know of a consultation.
struct consultation_info
{
    std::int64_t id = 0;
    std::string slug;
    nlohmann::json title;  ///< {"fr": …, "bm": …, "en": …}
    nlohmann::json description;
    std::string sms_keyword;
    moderation::phase status = moderation::phase::open;  ///< as stored: open, closed or archived (drafts are not loaded)
    std::optional<std::int64_t> opens_at, closes_at;     ///< seconds since 1970
    bool default_unrouted = false;  ///< takes the messages no keyword or recipient routes
    bool ask_region = true;         ///< the form asks for a region
    demographic_questions demographics;  ///< the optional questions the web form and USSD ask (off by default)
    /// What holds now, by the clock: a consultation closes when its closing time passes, without
    /// waiting for the catalog's next refresh.
    moderation::phase phase() const;
    /// True when it takes contributions now.
    bool open() const { return moderation::takes_contributions(phase()); }
    std::vector<std::string> channels;
    std::vector<std::string> recipients;  ///< numbers, short codes, Pages, bots that lead here
    std::vector<theme_info> themes;
    /// The themes' lexicons compiled for matching; filled by ingest::prepare_catalog (the store
    /// only carries it, it never builds one). Null until then.
    std::shared_ptr<text::theme_matcher const> matcher;
};

/// Every consultation, as loaded at one moment.
using catalog = std::vector<consultation_info>;

/// The consultation with `slug`, or nullptr.
consultation_info const* find_by_slug(catalog const& c, std::string_view slug);

/// Reads the whole catalog (blocking; for store threads and the CLI).
result<catalog> load_catalog(std::string const& url);

/// A read-mostly snapshot of the catalog for Asio threads: reading never touches the database,
/// refresh() loads a new snapshot on a store thread and swaps it in.
class catalog_cache
{
public:
    /// Runs on every loaded catalog before it is published (ingest compiles theme lexicons here).
    explicit catalog_cache(std::function<void(catalog&)> prepare = {}) : prepare_(std::move(prepare)) {}
    /// The current snapshot (never null).
    std::shared_ptr<catalog const> get() const;
    /// The consultation `slug` of the current snapshot (which it keeps alive), or null.
    std::shared_ptr<consultation_info const> find(std::string_view slug) const;
    /// Loads a fresh snapshot through `db`; `done` (optional) runs on a store thread afterwards.
    void refresh(database& db, std::function<void(bool ok)> done = {});
    /// Replaces the snapshot (used at start-up).
    void set(catalog c);

private:
    std::function<void(catalog&)> prepare_;
    mutable std::mutex mutex_;
    std::shared_ptr<catalog const> current_ = std::make_shared<catalog const>();
};

/// Input of `create_consultation`.
struct new_consultation
{
    std::string slug;
    nlohmann::json title;
    nlohmann::json description = nlohmann::json::object();
    std::string sms_keyword;
    std::vector<theme_info> themes;
};

/// Creates a consultation with its themes; errc::conflict when the slug exists.
result<std::int64_t> create_consultation(std::string const& url, new_consultation const& c);

/// Inserts or updates a consultation and its themes by slug (idempotent; used by seed-demo).
result<std::int64_t> upsert_consultation(std::string const& url, new_consultation const& c);

}  // namespace baro::store
