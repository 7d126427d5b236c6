#include "ingest/text_fields.hpp"

#include "text/display.hpp"

namespace baro::ingest {

void fill_text_fields(store::contribution_row& row, store::consultation_info const&, std::string_view raw)
{
    auto d = text::display_form(raw);
    row.display_text = std::move(d.text);
    if(d.decoded_cp1252)
        row.flags.push_back("cp1252");
    if(d.truncated)
        row.flags.push_back("truncated");
}

}  // namespace baro::ingest
