#include "http/chart_views.hpp"

#include "http/citizen_pages.hpp"
#include "http/publish_pages.hpp"
#include "ingest/regions.hpp"
#include "publish/bar_chart.hpp"
#include "publish/charts.hpp"
#include "publish/region_map.hpp"
#include "publish/time_chart.hpp"

namespace baro::http {

namespace {
// A message, or `fallback` when the catalogue has no such key.
std::string message_or(messages const& m, std::string_view lang, std::string const& key, std::string const& fallback)
{
    auto const& text = m.get(lang, key);
    return text == key ? fallback : text;
}

std::vector<publish::bar> theme_bars(store::consultation_info const& c, store::published_summary const& s, std::string_view lang)
{
    std::vector<publish::bar> bars;
    for(auto const& t : c.themes)
    {
        std::int64_t n = 0;
        for(auto const& row : s.by_theme)
            if(row.key == t.slug)
                n = row.count;
        bars.push_back({t.slug, localized(t.label, lang), n});
    }
    return bars;
}

template <class Label>
std::vector<publish::bar> count_bars(std::vector<store::count_row> const& rows, Label label)
{
    std::vector<publish::bar> bars;
    for(auto const& r : rows)
        bars.push_back({r.key, label(r.key), r.count});
    return bars;
}

std::string region_label(messages const& m, std::string_view lang, std::string const& slug)
{
    auto const name = region_name(m, lang, slug);
    return name.empty() ? m.get(lang, "chart.region_none") : name;
}

std::string map_table(messages const& m, std::string_view lang, store::published_summary const& s, std::string const& caption)
{
    // Every region of the form, in its order, with its own count: the map merges some, the table does not.
    std::vector<publish::table_row> rows;
    auto count_of = [&](std::string_view slug) {
        for(auto const& r : s.by_region)
            if(r.key == slug)
                return r.count;
        return std::int64_t{0};
    };
    for(auto const& r : ingest::regions)
        rows.push_back({region_label(m, lang, std::string(r.slug)), {std::to_string(count_of(r.slug))}});
    if(auto const none = count_of(""); none > 0)
        rows.push_back({m.get(lang, "chart.region_none"), {std::to_string(none)}});
    return publish::data_table(caption, {m.get(lang, "chart.region"), m.get(lang, "chart.count")}, rows);
}

std::string time_html(messages const& m, std::string_view lang, store::published_summary const& s, publish::figure_parts& f)
{
    auto const to_days = [](std::vector<store::count_row> const& rows) {
        std::vector<publish::day_count> out;
        for(auto const& r : rows)
            out.push_back({r.key, r.count});
        return out;
    };
    auto const bins = publish::day_bins(to_days(s.received_by_day), to_days(s.by_day), publish::time_chart_max_bins);
    std::vector<publish::table_row> rows;
    for(auto const& b : bins)
        rows.push_back({b.first == b.last ? b.first : b.first + " – " + b.last,
                        {std::to_string(b.received), std::to_string(b.published)}});
    f.table = publish::data_table(
        f.caption, {m.get(lang, "chart.day"), m.get(lang, "chart.received"), m.get(lang, "chart.published")}, rows);
    return publish::time_chart_svg(bins, {m.get(lang, "chart.received"), m.get(lang, "chart.published")});
}
}  // namespace

std::optional<chart_view> parse_chart_view(std::string_view name)
{
    for(std::size_t i = 0; i < std::size(chart_view_names); ++i)
        if(chart_view_names[i] == name)
            return static_cast<chart_view>(i);
    return std::nullopt;
}

std::string chart_view_choices()
{
    std::string out;
    for(auto name : chart_view_names)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

std::string chart_caption(messages const& m, std::string_view lang, chart_view view)
{
    switch(view)
    {
    case chart_view::themes: return m.get(lang, "publish.by_theme");
    case chart_view::map: return m.get(lang, "chart.by_region");
    case chart_view::time: return m.get(lang, "chart.over_time");
    case chart_view::language: return m.get(lang, "chart.by_language");
    case chart_view::channel: return m.get(lang, "chart.by_channel");
    }
    return {};
}

std::string language_label(messages const& m, std::string_view lang, std::string const& key)
{
    return message_or(m, lang, "chart.lang." + key, key);
}

std::string channel_label(messages const& m, std::string_view lang, std::string const& key)
{
    // Brand names read the same in every language; only the web form is translated.
    static constexpr std::pair<std::string_view, std::string_view> brands[] = {
        {"sms", "SMS"},           {"ussd", "USSD"},       {"whatsapp", "WhatsApp"}, {"messenger", "Messenger"},
        {"telegram", "Telegram"}, {"api", "API"},         {"facebook", "Facebook"}, {"twitter", "X (Twitter)"}};
    for(auto const& [k, name] : brands)
        if(k == key)
            return std::string(name);
    return message_or(m, lang, "chart.channel." + key, key);
}

std::string chart_html(messages const& m, std::string_view lang, chart_view view, store::consultation_info const& c,
                       store::published_summary const& s)
{
    publish::figure_parts f;
    f.name = std::string(chart_view_names[static_cast<std::size_t>(view)]);
    f.caption = chart_caption(m, lang, view);
    f.empty = s.total == 0 && (view != chart_view::time || s.received_by_day.empty());
    f.empty_line = m.get(lang, "chart.empty");
    f.table_summary = m.get(lang, "chart.data");
    auto const count = m.get(lang, "chart.count");
    auto bars_figure = [&](std::vector<publish::bar> const& bars) {
        f.svg = publish::bar_chart_svg(bars);
        f.table = publish::bar_table(bars, f.caption, count);
    };
    switch(view)
    {
    case chart_view::themes: bars_figure(theme_bars(c, s, lang)); break;
    case chart_view::language:
        bars_figure(count_bars(s.by_language, [&](std::string const& k) { return language_label(m, lang, k); }));
        break;
    case chart_view::channel:
        bars_figure(count_bars(s.by_channel, [&](std::string const& k) { return channel_label(m, lang, k); }));
        break;
    case chart_view::map:
    {
        std::vector<publish::region_count> counts;
        for(auto const& r : s.by_region)
            counts.push_back({r.key, r.count});
        f.svg = publish::region_map_svg(counts, {m.get(lang, "region.diaspora"), m.get(lang, "region.bamako"), "0"});
        f.table = map_table(m, lang, s, f.caption);
        break;
    }
    case chart_view::time: f.svg = time_html(m, lang, s, f); break;
    }
    return publish::chart_figure(f);
}

}  // namespace baro::http
