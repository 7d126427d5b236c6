// libFuzzer target: arbitrary bytes into Africa's Talking SMS and USSD parsers and the USSD conversation. Nothing may crash, hang or throw.
#include "channels/africastalking.hpp"
#include "channels/ussd_flow.hpp"
#include "core/form.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    static std::vector<ussd_theme> const themes = {
        {"securite", "Sécurité", "Lakana"}, {"education", "Éducation", "Kalan"}, {"elections", "Élections", "Kalata"}};
    if(auto const fields = parse_urlencoded(in))
    {
        (void)parse_africastalking_sms(*fields);
        if(auto const ussd = parse_africastalking_ussd(*fields))
        {
            auto const first = ussd_advance(themes, ussd->session_id, ussd->text, std::nullopt);
            auto const again = ussd_advance(themes, ussd->session_id, ussd->text + "*1", first.state);
            (void)ussd_advance(themes, ussd->session_id, ussd->text + "*1*2*x", again.state);
        }
    }
    (void)ussd_state_from_text(in);
    (void)ussd_advance(themes, "s", in, std::nullopt);
    (void)ussd_fits(in);
    return 0;
}
