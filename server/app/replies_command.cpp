#include "app/replies_command.hpp"

#include "store/reply_settings.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>

namespace baro::app {

namespace {

int refused(std::string const& message)
{
    std::cerr << "baro: " << message << "\n" << help_text({"replies"});
    return 2;
}

void show(std::string const& slug, std::string const& channel, store::reply_setting const& s)
{
    auto text = [](std::string const& t) { return t.empty() ? std::string("(default)") : t; };
    std::cout << slug << " " << channel << ": acknowledgements " << (s.acknowledgements ? "on" : "off") << ", daily SMS budget "
              << s.daily_sms_budget << "\n  fr: " << text(s.text_fr) << "\n  bm: " << text(s.text_bm)
              << "\n  en: " << text(s.text_en) << "\n";
}

}  // namespace

int cmd_replies(config const& cfg, command_line const& cl)
{
    auto const sub = cl.words.size() > 1 ? cl.words[1] : "";
    if((sub != "set" && sub != "show") || cl.words.size() != 4)
        return refused("replies needs: set|show SLUG CHANNEL");
    auto const& slug = cl.words[2];
    auto const& channel = cl.words[3];
    if(std::find(store::reply_channels.begin(), store::reply_channels.end(), channel) == store::reply_channels.end())
        return refused("CHANNEL must be sms, whatsapp, messenger or telegram, not \"" + channel + "\"");
    auto setting = store::load_reply_setting(cfg.database_url, slug, channel);
    if(! setting)
    {
        std::cerr << "baro: " << setting.err().message << "\n";
        return setting.err().code == errc::not_found ? 3 : 1;
    }
    if(sub == "set")
    {
        auto const& o = cl.options;
        for(auto const& [name, value] : o)
            if(name != "acknowledgements" && name != "budget" && name != "text-fr" && name != "text-bm" && name != "text-en")
                return refused("unknown option --" + name);
        if(o.count("acknowledgements"))
        {
            auto const& v = o.at("acknowledgements");
            if(v != "on" && v != "off")
                return refused("--acknowledgements must be on or off, not \"" + v + "\"");
            setting->acknowledgements = v == "on";
        }
        if(o.count("budget"))
        {
            auto const& v = o.at("budget");
            long long n = -1;
            auto const [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if(ec != std::errc{} || p != v.data() + v.size() || n < 0 || n > 1'000'000'000)
                return refused("--budget must be a whole number of SMS a day, 0 or more, not \"" + v + "\"");
            setting->daily_sms_budget = n;
        }
        if(o.count("text-fr"))
            setting->text_fr = o.at("text-fr");
        if(o.count("text-bm"))
            setting->text_bm = o.at("text-bm");
        if(o.count("text-en"))
            setting->text_en = o.at("text-en");
        if(auto s = store::set_reply_setting(cfg.database_url, slug, channel, *setting); ! s)
        {
            std::cerr << "baro: " << s.err().message << "\n";
            return s.err().code == errc::not_found ? 3 : 1;
        }
    }
    show(slug, channel, *setting);
    return 0;
}

}  // namespace baro::app
