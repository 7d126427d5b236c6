// libFuzzer target: arbitrary bytes into the X Account Activity parser, CRC answer and signature check.
// Nothing may crash, hang or throw.
#include "channels/x.hpp"
#include "core/form.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_x(in);
    (void)parse_x(R"({"for_user_id":"1","tweet_create_events":[)" + std::string(in) + "]}");
    (void)verify_x("secret", in, in);
    if(auto const query = parse_urlencoded(in))
        (void)x_crc_response(*query, "secret");
    return 0;
}
