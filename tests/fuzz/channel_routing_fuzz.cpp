// libFuzzer target: arbitrary bytes into sender normalisation, address allow-lists and keywords. Nothing may crash, hang or throw.
#include "channels/gateway_auth.hpp"
#include "channels/keywords.hpp"
#include "channels/sender.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)normalize_phone(in);
    (void)address_allowed({"10.0.0.0/8", "2001:db8::/32"}, in);
    (void)address_allowed({std::string(in)}, "10.1.2.3");
    (void)is_withdrawal(in, {"A JƆSI"});
    (void)split_keyword(in, {"MT", "KALATA"});
    return 0;
}
