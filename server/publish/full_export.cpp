#include "publish/full_export.hpp"

#include "publish/open_data.hpp"
#include "text/redact.hpp"

namespace baro::publish {

namespace {
std::string joined(std::vector<std::string> const& items)
{
    std::string out;
    for(auto const& i : items)
        out += (out.empty() ? "" : ";") + i;
    return out;
}
std::string number_or_empty(std::int64_t n) { return n ? std::to_string(n) : std::string(); }
}  // namespace

std::vector<std::string> full_export_columns()
{
    return {"id",       "consultation", "received_at",      "status", "published_at",    "decided_at",   "language",
            "region",   "channel",      "suggested_themes", "themes", "themes_confirmed", "tags",        "duplicate_group",
            "duplicate_of", "sender",   "text"};
}

std::vector<std::string> full_export_cells(std::string_view consultation, store::full_contribution const& c, bool raw,
                                           std::string_view lang)
{
    return {std::to_string(c.id),
            std::string(consultation),
            c.received_at,
            c.status,
            c.published_at,
            c.decided_at,
            c.language,
            c.region,
            c.channel,
            joined(c.suggested_themes),
            joined(c.themes),
            c.themes_confirmed ? "true" : "false",
            joined(c.tags),
            number_or_empty(c.duplicate_group),
            number_or_empty(c.duplicate_of),
            c.sender,
            raw ? c.text : text::redact(c.text, lang)};
}

std::string csv_row(std::vector<std::string> const& cells)
{
    std::string out;
    for(std::size_t i = 0; i < cells.size(); ++i)
        out += (i ? "," : "") + csv_cell(cells[i]);
    return out + "\r\n";
}

}  // namespace baro::publish
