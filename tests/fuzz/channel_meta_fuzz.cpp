// libFuzzer target: arbitrary bytes into the Meta (WhatsApp Cloud, Messenger) parser, handshake and signature check. Nothing may crash, hang or throw.
#include "channels/meta.hpp"
#include "core/form.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_meta(in);
    (void)verify_meta("secret", in, in);
    if(auto const query = parse_urlencoded(in))
        (void)meta_handshake(*query, "verify");
    return 0;
}
