// libFuzzer target: arbitrary bytes as an archive file (items layout) cut into records, each read by
// parse_tweet, and the bytes as one record too. Nothing may crash, hang, throw or keep more than a record.
#include "channels/archive.hpp"
#include "channels/archive_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_tweet(in);
    json_record_reader reader(json_layout::items);
    auto const sink = [](archive_record const& r) { (void)parse_tweet(r.text); };
    reader.feed(in.substr(0, size / 2), sink);
    reader.feed(in.substr(size / 2), sink);
    reader.finish(sink);
    return 0;
}
