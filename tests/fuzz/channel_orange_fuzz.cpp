// libFuzzer target: arbitrary bytes into the Orange OneAPI notification parser (UTF-8 or Latin-1 bodies). Nothing may crash, hang or throw.
#include "channels/orange.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_orange(in);
    return 0;
}
