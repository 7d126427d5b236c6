// libFuzzer target: arbitrary bytes as an archive file (data_pages layout) cut into records, each read by
// parse_facebook_comment, and the bytes as one record too. Nothing may crash, hang, throw or keep more than a record.
#include "channels/archive.hpp"
#include "channels/archive_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_facebook_comment(in);
    json_record_reader reader(json_layout::data_pages);
    auto const sink = [](archive_record const& r) { (void)parse_facebook_comment(r.text); };
    reader.feed(in.substr(0, size / 2), sink);
    reader.feed(in.substr(size / 2), sink);
    reader.finish(sink);
    return 0;
}
