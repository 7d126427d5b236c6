#include "publish/charts.hpp"

#include "core/markup.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <optional>

namespace baro::publish {

namespace {
// The byte length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead)
{
    if(lead >= 0xF0)
        return 4;
    if(lead >= 0xE0)
        return 3;
    if(lead >= 0xC0)
        return 2;
    return 1;
}

std::vector<std::string_view> code_points(std::string_view s)
{
    std::vector<std::string_view> out;
    for(std::size_t i = 0; i < s.size();)
    {
        auto const n = std::min(sequence_length(static_cast<unsigned char>(s[i])), s.size() - i);
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::optional<std::int64_t> day_number(std::string_view ymd)
{
    if(ymd.size() != 10 || ymd[4] != '-' || ymd[7] != '-')
        return std::nullopt;
    for(std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if(ymd[i] < '0' || ymd[i] > '9')
            return std::nullopt;
    auto const num = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(ymd.substr(at, n))); };
    int const y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if(m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    int const yy = y - (m <= 2);
    int const era = (yy >= 0 ? yy : yy - 399) / 400;
    int const yoe = yy - era * 400;
    int const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

std::string day_text(std::int64_t days)
{
    std::time_t const t = static_cast<std::time_t>(days) * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}
}  // namespace

std::vector<std::string> wrap_label(std::string_view text, std::size_t max_chars)
{
    max_chars = std::max<std::size_t>(max_chars, 1);
    std::vector<std::string> lines;
    std::vector<std::string_view> line;  // code points of the line being filled
    auto flush = [&] {
        std::string s;
        for(auto cp : line)
            s += cp;
        while(! s.empty() && s.back() == ' ')
            s.pop_back();
        lines.push_back(std::move(s));
        line.clear();
    };
    std::vector<std::string_view> word;
    auto place_word = [&] {
        if(word.empty())
            return;
        std::size_t const need = (line.empty() ? 0 : 1) + word.size();
        if(! line.empty() && line.size() + need > max_chars)
            flush();
        if(! line.empty())
            line.push_back(" ");
        for(auto cp : word)
        {
            if(line.size() == max_chars)
                flush();
            line.push_back(cp);
        }
        word.clear();
    };
    for(auto cp : code_points(text))
    {
        if(cp == " " || cp == "\n" || cp == "\t")
            place_word();
        else
            word.push_back(cp);
    }
    place_word();
    if(! line.empty() || lines.empty())
        flush();
    return lines;
}

int shade_class(std::int64_t n, std::int64_t max)
{
    if(n <= 0 || max <= 0)
        return 0;
    // Equal steps of the largest count: the region with the most is always the darkest, and any
    // region with at least one contribution is never drawn as "none".
    auto const c = static_cast<int>((std::min(n, max) * shade_classes + max - 1) / max);
    return std::clamp(c, 1, shade_classes);
}

std::string_view shade_colour(int shade)
{
    // ColorBrewer "Greens" (5 classes), distinguishable in greyscale print; grey for none.
    static constexpr std::string_view colours[] = {"#e6e6e6", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"};
    return colours[std::clamp(shade, 0, shade_classes)];
}

std::vector<day_bin> day_bins(std::vector<day_count> const& received, std::vector<day_count> const& published,
                              std::size_t max_bins)
{
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> days;
    for(auto const& r : received)
        if(auto d = day_number(r.day))
            days[*d].first += r.count;
    for(auto const& p : published)
        if(auto d = day_number(p.day))
            days[*d].second += p.count;
    std::vector<day_bin> out;
    if(days.empty())
        return out;
    max_bins = std::max<std::size_t>(max_bins, 1);
    auto const first = days.begin()->first, last = days.rbegin()->first;
    auto const span = last - first + 1;
    auto const width = (span + static_cast<std::int64_t>(max_bins) - 1) / static_cast<std::int64_t>(max_bins);
    for(auto start = first; start <= last; start += width)
    {
        day_bin b;
        auto const end = std::min(start + width - 1, last);
        b.first = day_text(start);
        b.last = day_text(end);
        for(auto it = days.lower_bound(start); it != days.end() && it->first <= end; ++it)
        {
            b.received += it->second.first;
            b.published += it->second.second;
        }
        out.push_back(std::move(b));
    }
    return out;
}

std::string data_table(std::string_view caption, std::vector<std::string> const& headers, std::vector<table_row> const& rows)
{
    std::string out = "<table><caption>" + html_escape(caption) + "</caption><thead><tr>";
    for(std::size_t i = 0; i < headers.size(); ++i)
        out += "<th scope=\"col\">" + html_escape(headers[i]) + "</th>";
    out += "</tr></thead><tbody>";
    for(auto const& r : rows)
    {
        out += "<tr><th scope=\"row\">" + html_escape(r.label) + "</th>";
        for(auto const& c : r.cells)
            out += "<td>" + html_escape(c) + "</td>";
        out += "</tr>";
    }
    return out + "</tbody></table>";
}

std::string chart_figure(figure_parts const& f)
{
    std::string out = "<figure class=\"chart-figure\" data-chart=\"" + html_escape(f.name) + "\"><figcaption>" +
                      html_escape(f.caption) + "</figcaption>";
    if(f.empty)
        out += "<p class=\"chart-empty\">" + html_escape(f.empty_line) + "</p>";
    out += f.svg;
    out += "<details class=\"chart-data\"><summary>" + html_escape(f.table_summary) + "</summary>" + f.table + "</details>";
    return out + "</figure>";
}

}  // namespace baro::publish
