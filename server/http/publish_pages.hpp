#pragma once
#include "http/chart_views.hpp"
#include "http/i18n.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <string>
#include <string_view>

namespace baro::http {

/// What an embed shows: one consultation's summary, optionally one theme, a few quotes.
struct embed_options
{
    std::string lang = "fr";
    std::string theme;  ///< "" for every theme
    int limit = 5;      ///< quotes shown, 1..10
    chart_view view = chart_view::themes;  ///< the chart shown; quotes only with `themes`
};

/// Quotes an embed shows at most.
constexpr int embed_max_quotes = 10;

/// The embed page (/embed/{slug}): totals, one inline SVG chart (by theme, the map, the trend, by
/// language or by channel) with its table, and for `themes` the latest quotes as escaped text;
/// complete without JavaScript; a small script keeps it live. Under 20 KB. Pure.
std::string embed_page(messages const& m, store::consultation_info const& c, store::published_summary const& s,
                       embed_options const& o, std::string_view public_url);

/// The public results page (/c/{slug}/resultats): the summary, every chart, quotes per theme, the
/// snippet to copy, links to the report, the open data and the API; preview tags for shared links. Pure.
std::string results_page(messages const& m, std::string_view lang, store::consultation_info const& c,
                         store::published_summary const& s, std::string_view public_url);

/// The public transparency page (/c/{slug}/transparence): decisions counted by outcome and reason,
/// and the audit chain's head, from store::transparency's `record`. Pure.
std::string transparency_page(messages const& m, std::string_view lang, store::consultation_info const& c,
                              nlohmann::json const& record);

/// Open Graph and Twitter card tags of a page: its title, a description of the headline figures,
/// and the share image of the consultation in `lang`. Pure.
std::string preview_tags(messages const& m, std::string_view lang, store::consultation_info const& c,
                         store::published_summary const& s, std::string_view public_url, std::string_view page_path,
                         std::string_view title);

/// Puts `tags` just before </head> of a rendered page (the shared layout has no slot for them). Pure.
void insert_in_head(std::string& page, std::string const& tags);

/// A region's name for the public ("" for an unknown or empty slug). Pure.
std::string region_name(messages const& m, std::string_view lang, std::string const& slug);

/// The HTML a blogger pastes: a placeholder with an iframe for readers without JavaScript, and
/// /embed.js, which replaces it with a self-sizing iframe. Pure.
std::string embed_snippet(std::string_view public_url, std::string_view slug, std::string_view lang);

/// The iframe markup for oEmbed. Pure.
std::string embed_iframe(std::string_view public_url, std::string_view slug, std::string_view lang, int width, int height);

/// The `<link rel="alternate" type="application/json+oembed">` discovery tag for a page URL. Pure.
std::string oembed_discovery(std::string_view public_url, std::string_view page_url, std::string_view title);

}  // namespace baro::http
