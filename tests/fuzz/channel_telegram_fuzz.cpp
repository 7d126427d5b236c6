// libFuzzer target: arbitrary bytes into the Telegram Update parser and reply. Nothing may crash, hang or throw.
#include "channels/telegram.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)parse_telegram(in);
    (void)verify_telegram("secret", in);
    (void)telegram_reply(in, in);
    return 0;
}
