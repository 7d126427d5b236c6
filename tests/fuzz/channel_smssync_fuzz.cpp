// libFuzzer target: arbitrary bytes into the SMSSync parser, secret check and reply. Nothing may crash, hang or throw.
#include "channels/smssync.hpp"
#include "core/form.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    if(auto const fields = parse_urlencoded(in))
    {
        (void)parse_smssync(*fields);
        (void)verify_smssync("secret", *fields);
    }
    (void)smssync_reply(false, in);
    return 0;
}
