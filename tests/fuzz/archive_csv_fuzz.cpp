// libFuzzer target: arbitrary bytes as a CSV archive: cut into RFC 4180 records, the first read as the
// header, the others by parse_csv_post; and the dates through both date readers. Nothing may crash.
#include "channels/archive.hpp"
#include "channels/archive_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)iso_date(in);
    (void)x_date(in);
    std::optional<std::map<std::string, std::size_t>> columns;
    csv_record_reader reader;
    auto const sink = [&](archive_record const& r) {
        if(! columns)
        {
            auto h = csv_header(r.text);
            columns = h ? *h : *csv_header("platform,id,created_at,author_id,text,url,in_reply_to");
            return;
        }
        (void)parse_csv_post(r.text, *columns);
    };
    reader.feed(in.substr(0, size / 3), sink);
    reader.feed(in.substr(size / 3), sink);
    reader.finish(sink);
    return 0;
}
