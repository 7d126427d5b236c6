// libFuzzer target: arbitrary bytes as the `value` of a Facebook Page `feed` change and of an Instagram
// `comments` change, through parse_meta. Nothing may crash, hang or throw.
#include "channels/meta.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_meta(in);
    std::string const value(in);
    (void)parse_meta(R"({"object":"page","entry":[{"id":"55","changes":[{"field":"feed","value":)" + value + "}]}]}");
    (void)parse_meta(R"({"object":"instagram","entry":[{"id":"17","time":1,"changes":[{"field":"comments","value":)" + value +
                     "}]}]}");
    return 0;
}
