// libFuzzer target: arbitrary bytes as a JSONL archive: cut into lines, each read by parse_jsonl_post.
#include "channels/archive.hpp"
#include "channels/archive_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    line_record_reader reader;
    auto const sink = [](archive_record const& r) { (void)parse_jsonl_post(r.text); };
    reader.feed(in, sink);
    reader.finish(sink);
    return 0;
}
