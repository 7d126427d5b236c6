#include "publish/public_json.hpp"

#include "core/demographics.hpp"
#include "publish/small_cells.hpp"
#include "text/redact.hpp"

#include <charconv>

namespace baro::publish {

namespace {
nlohmann::json counts_json(std::vector<store::count_row> const& rows)
{
    auto out = nlohmann::json::array();
    for(auto const& r : rows)
        out.push_back({{"key", r.key}, {"count", r.count}});
    return out;
}

nlohmann::json or_null(std::string const& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json cells_json(std::vector<public_cell> const& cells)
{
    auto out = nlohmann::json::array();
    for(auto const& c : cells)
    {
        if(c.shown == cell_shown::count)
            out.push_back({{"key", c.key}, {"count", c.count}});
        else
            out.push_back({{"key", c.key}, {"count", nullptr},
                           {"suppressed", c.shown == cell_shown::fewer_than ? "fewer_than_10" : "complementary"}});
    }
    return out;
}
}  // namespace

std::vector<public_cell> gender_cells(store::published_summary const& s)
{
    return suppress_small_cells(s.by_gender, {std::begin(gender_answers), std::end(gender_answers)});
}

std::vector<public_cell> age_band_cells(store::published_summary const& s)
{
    return suppress_small_cells(s.by_age_band, {std::begin(age_band_answers), std::end(age_band_answers)});
}

nlohmann::json who_spoke_json(store::consultation_info const& c, store::published_summary const& s)
{
    nlohmann::json j{{"min_cell", min_cell_people}};
    if(c.demographics.gender || ! s.by_gender.empty())
        j["gender"] = cells_json(gender_cells(s));
    if(c.demographics.age_band || ! s.by_age_band.empty())
        j["age_band"] = cells_json(age_band_cells(s));
    return j;
}

nlohmann::json contribution_json(store::public_contribution const& c, std::string_view lang)
{
    return {{"id", c.id},
            {"text", text::redact(c.text, lang)},
            {"language", c.language},
            {"region", or_null(c.region)},
            {"channel", c.channel},
            {"themes", c.themes},
            {"published_at", c.published_at},
            {"featured", c.featured},
            {"sent_by", c.sent_by},
            {"medium", c.medium}};
}

nlohmann::json consultation_json(store::consultation_info const& c, store::published_summary const& s)
{
    auto themes = nlohmann::json::array();
    for(auto const& t : c.themes)
        themes.push_back({{"slug", t.slug}, {"label", t.label}});
    return {{"slug", c.slug},
            {"title", c.title},
            {"description", c.description},
            {"opens_at", or_null(s.opens_at)},
            {"closes_at", or_null(s.closes_at)},
            {"open", c.open()},
            {"themes", themes}};
}

nlohmann::json summary_json(store::consultation_info const& c, store::published_summary const& s, std::string_view lang)
{
    auto quotes = nlohmann::json::object();
    for(auto const& t : c.themes)
        quotes[t.slug] = nlohmann::json::array();
    for(auto const& q : s.quotes)
        quotes[q.theme].push_back(contribution_json(q.contribution, lang));
    auto latest = nlohmann::json::array();
    for(auto const& l : s.latest)
        latest.push_back(contribution_json(l, lang));
    return {{"consultation", c.slug},
            {"total", s.total},
            {"last_published_at", or_null(s.last_published_at)},
            {"by_theme", counts_json(s.by_theme)},
            {"by_region", counts_json(s.by_region)},
            {"by_language", counts_json(s.by_language)},
            {"by_channel", counts_json(s.by_channel)},
            {"by_day", counts_json(s.by_day)},
            {"who_spoke", who_spoke_json(c, s)},
            {"quotes", quotes},
            {"latest", latest}};
}

nlohmann::json live_summary_json(store::consultation_info const& c, store::published_summary const& s, std::string_view etag)
{
    return {{"consultation", c.slug},
            {"total", s.total},
            {"last_published_at", or_null(s.last_published_at)},
            {"by_theme", counts_json(s.by_theme)},
            {"etag", etag}};
}

std::string page_cursor(store::public_contribution const& c)
{
    return std::to_string(c.published_us) + "_" + std::to_string(c.id);
}

std::optional<std::pair<std::int64_t, std::int64_t>> parse_page_cursor(std::string_view cursor)
{
    auto const bar = cursor.find('_');
    if(bar == std::string_view::npos)
        return std::nullopt;
    std::int64_t us = 0, id = 0;
    auto const a = std::from_chars(cursor.data(), cursor.data() + bar, us);
    auto const b = std::from_chars(cursor.data() + bar + 1, cursor.data() + cursor.size(), id);
    if(a.ec != std::errc{} || a.ptr != cursor.data() + bar || b.ec != std::errc{} || b.ptr != cursor.data() + cursor.size() ||
       bar == 0)
        return std::nullopt;
    return std::make_pair(us, id);
}

}  // namespace baro::publish
