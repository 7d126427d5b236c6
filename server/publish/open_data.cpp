#include "publish/open_data.hpp"

#include "core/json_text.hpp"
#include "publish/public_json.hpp"
#include "text/redact.hpp"

namespace baro::publish {

namespace {

// Invisible characters a spreadsheet skips before it reads a formula: LRM, RLM, ZWNJ, ZWJ, BOM,
// ALM, the bidi embeddings and isolates, ZWSP, word joiner; spaces too. Their length at `i`, or 0.
std::size_t invisible_at(std::string_view v, std::size_t i)
{
    static constexpr std::string_view marks[] = {"\u200e", "\u200f", "\u200c", "\u200d", "\ufeff", "\u061c",
                                                 "\u200b", "\u2060", "\u00a0", "\u202a", "\u202b", "\u202c",
                                                 "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"};
    if(v[i] == ' ')
        return 1;
    for(auto m : marks)
        if(v.substr(i, m.size()) == m)
            return m.size();
    return 0;
}

bool starts_like_formula(std::string_view v)
{
    std::size_t i = 0;
    while(i < v.size())
        if(std::size_t const n = invisible_at(v, i))
            i += n;
        else
            break;
    return i < v.size() && (v[i] == '=' || v[i] == '+' || v[i] == '-' || v[i] == '@' || v[i] == '\t' || v[i] == '\r');
}

}  // namespace

std::string csv_cell(std::string_view value)
{
    std::string v;
    if(starts_like_formula(value))
        v = "'";
    v.append(value);
    if(v.find_first_of(",\"\r\n") == std::string::npos)
        return v;
    std::string out = "\"";
    for(char c : v)
    {
        if(c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_header() { return "id,consultation,published_at,language,region,channel,themes,featured,sent_by,medium,text\r\n"; }

std::string csv_line(std::string_view consultation, store::public_contribution const& c, std::string_view lang)
{
    std::string themes;
    for(auto const& t : c.themes)
        themes += (themes.empty() ? "" : ";") + t;
    std::string out;
    out += std::to_string(c.id) + ',' + csv_cell(consultation) + ',' + csv_cell(c.published_at) + ',' + csv_cell(c.language) +
           ',' + csv_cell(c.region) + ',' + csv_cell(c.channel) + ',' + csv_cell(themes) + ',' + (c.featured ? "true" : "false") +
           ',' + std::to_string(c.sent_by) + ',' + c.medium + ',' + csv_cell(text::redact(c.text, lang)) + "\r\n";
    return out;
}

std::string jsonl_line(std::string_view consultation, store::public_contribution const& c, std::string_view lang)
{
    auto j = contribution_json(c, lang);
    j["consultation"] = std::string(consultation);
    return dump_json(j) + "\n";
}

}  // namespace baro::publish
