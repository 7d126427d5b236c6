// libFuzzer target: arbitrary bytes into the Twilio parser, signature check and TwiML reply. Nothing may crash, hang or throw.
#include "channels/twilio.hpp"
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
        (void)parse_twilio(*fields);
        (void)verify_twilio("token", "https://baro.ml/hooks/twilio", *fields, in);
    }
    (void)twiml_reply(in);
    return 0;
}
