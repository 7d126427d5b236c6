#include "publish/open_data.hpp"

#include "core/json_text.hpp"
#include "publish/public_json.hpp"
#include "text/redact.hpp"

namespace baro::publish {

std::string csv_cell(std::string_view value)
{
    std::string v;
    if(! value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                           value[0] == '\t' || value[0] == '\r'))
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

std::string csv_header() { return "id,consultation,published_at,language,region,channel,themes,featured,sent_by,text\r\n"; }

std::string csv_line(std::string_view consultation, store::public_contribution const& c, std::string_view lang)
{
    std::string themes;
    for(auto const& t : c.themes)
        themes += (themes.empty() ? "" : ";") + t;
    std::string out;
    out += std::to_string(c.id) + ',' + csv_cell(consultation) + ',' + csv_cell(c.published_at) + ',' +
           csv_cell(c.language) + ',' + csv_cell(c.region) + ',' + csv_cell(c.channel) + ',' + csv_cell(themes) + ',' +
           (c.featured ? "true" : "false") + ',' + std::to_string(c.sent_by) + ',' + csv_cell(text::redact(c.text, lang)) +
           "\r\n";
    return out;
}

std::string jsonl_line(std::string_view consultation, store::public_contribution const& c, std::string_view lang)
{
    auto j = contribution_json(c, lang);
    j["consultation"] = std::string(consultation);
    return dump_json(j) + "\n";
}

}  // namespace baro::publish
