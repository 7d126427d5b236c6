// Feeds arbitrary bytes to every channel parser and verifier: none may crash, hang or throw.
#include "channels/africastalking.hpp"
#include "channels/gateway_auth.hpp"
#include "channels/keywords.hpp"
#include "channels/meta.hpp"
#include "channels/orange.hpp"
#include "channels/sender.hpp"
#include "channels/smssync.hpp"
#include "channels/telegram.hpp"
#include "channels/twilio.hpp"
#include "channels/ussd_flow.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace baro;
using namespace baro::channels;

namespace {

std::vector<ussd_theme> const themes = {{"securite", "Sécurité", "Lakana"}, {"education", "Éducation", "Kalan"},
                                        {"elections", "Élections", "Kalata"}};

void forms(std::string_view in)
{
    auto const fields = parse_urlencoded(in);
    if(! fields)
        return;
    (void)parse_twilio(*fields);
    (void)verify_twilio("token", in, *fields, "sig=");
    (void)parse_africastalking_sms(*fields);
    (void)parse_smssync(*fields);
    (void)verify_smssync("secret", *fields);
    (void)meta_handshake(*fields, "verify");
    if(auto const ussd = parse_africastalking_ussd(*fields))
    {
        auto const first = ussd_advance(themes, ussd->session_id, ussd->text, std::nullopt);
        auto const again = ussd_advance(themes, ussd->session_id, ussd->text + "*1", first.state);
        (void)ussd_advance(themes, ussd->session_id, ussd->text + "*1*2*x", again.state);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    forms(in);
    (void)parse_meta(in);
    (void)verify_meta("secret", in, in);
    (void)parse_telegram(in);
    (void)parse_orange(in);
    (void)normalize_phone(in);
    (void)address_allowed({"10.0.0.0/8", "2001:db8::/32"}, in);
    (void)address_allowed({std::string(in)}, "10.1.2.3");
    (void)is_withdrawal(in, {"A JƆSI"});
    (void)split_keyword(in, {"MT", "KALATA"});
    (void)ussd_state_from_text(in);
    (void)ussd_advance(themes, "s", in, std::nullopt);
    (void)ussd_fits(in);
    (void)twiml_reply(in);
    (void)telegram_reply(in, in);
    (void)smssync_reply(false, in);
    return 0;
}
