#pragma once
// The charts of a consultation's summary, as figures in the reader's language: what the results
// page, the embed views and the report draw. Each is an inline SVG with its data as a table.
#include "http/i18n.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace baro::http {

/// One chart of a summary.
enum class chart_view
{
    themes,
    map,
    time,
    language,
    channel
};

/// Every view's name, in the order the pages show them ("themes, map, time, language, channel").
constexpr std::string_view chart_view_names[] = {"themes", "map", "time", "language", "channel"};

/// The view named `name`, nullopt for any other word. Pure.
std::optional<chart_view> parse_chart_view(std::string_view name);

/// The choices of parse_chart_view, for an error message: "themes, map, time, language, channel".
std::string chart_view_choices();

/// The figure of one chart (caption, SVG, the friendly line when nothing is published yet, the
/// data table). Pure.
std::string chart_html(messages const& m, std::string_view lang, chart_view view, store::consultation_info const& c,
                       store::published_summary const& s);

/// The caption of a view in `lang`.
std::string chart_caption(messages const& m, std::string_view lang, chart_view view);

/// A language's name for the public ("fr" → "Français"…), the key itself when unknown. Pure.
std::string language_label(messages const& m, std::string_view lang, std::string const& key);

/// A channel's name for the public ("whatsapp" → "WhatsApp"…). Pure.
std::string channel_label(messages const& m, std::string_view lang, std::string const& key);

}  // namespace baro::http
