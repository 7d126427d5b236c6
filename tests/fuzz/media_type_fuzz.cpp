// libFuzzer target: arbitrary bytes into the magic-byte check of voice notes and pictures, and into
// the media lookup answers (Graph API, getFile). Nothing may crash, hang or throw.
#include "channels/media_type.hpp"
#include "replies/media_fetch.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    (void)channels::sniff_media(in);
    secrets keys;
    keys.meta_send.access_token = "t";
    keys.telegram_send.bot_token = "1:t";
    keys.twilio_send.account_sid = "AC1";
    keys.twilio_auth_token = "t";
    for(char const* provider : {"whatsapp", "telegram", "twilio", "messenger"})
    {
        (void)replies::media_first_request(keys, provider, in);
        (void)replies::media_download_request(keys, provider, in);
    }
    return 0;
}
