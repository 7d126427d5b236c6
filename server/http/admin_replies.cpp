#include "http/admin_replies.hpp"

#include "core/markup.hpp"
#include "http/i18n.hpp"

#include <algorithm>

namespace baro::http {

namespace {

using nlohmann::json;

std::size_t characters(std::string const& s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string esc(std::string_view s) { return html_escape(s); }

}  // namespace

bool is_reply_channel(std::string const& channel)
{
    return std::find(store::reply_channels.begin(), store::reply_channels.end(), channel) != store::reply_channels.end();
}

result<store::reply_setting> reply_setting_of(json const& j)
{
    if(! j.is_object())
        return fail(errc::unprocessable, "The body is a JSON object.");
    store::reply_setting s;
    if(j.contains("acknowledgements"))
    {
        if(! j.at("acknowledgements").is_boolean())
            return fail(errc::unprocessable, "acknowledgements is true or false.", "acknowledgements");
        s.acknowledgements = j.at("acknowledgements").get<bool>();
    }
    if(j.contains("daily_sms_budget"))
    {
        auto const& b = j.at("daily_sms_budget");
        if(! b.is_number_integer() || b.get<long long>() < 0 || b.get<long long>() > max_daily_sms_budget)
            return fail(errc::unprocessable, "daily_sms_budget is a whole number of SMS a day, from 0 to 1000000.",
                        "daily_sms_budget");
        s.daily_sms_budget = b.get<long long>();
    }
    if(j.contains("text"))
    {
        auto const& t = j.at("text");
        if(! t.is_object())
            return fail(errc::unprocessable, "text is an object of texts by language: fr, bm, en.", "text");
        for(auto const& [lang, target] : {std::pair{"fr", &s.text_fr}, std::pair{"bm", &s.text_bm}, std::pair{"en", &s.text_en}})
        {
            if(! t.contains(lang))
                continue;
            if(! t.at(lang).is_string())
                return fail(errc::unprocessable, std::string("text.") + lang + " is a string (\"\": the default text).",
                            std::string("text.") + lang);
            *target = t.at(lang).get<std::string>();
            if(characters(*target) > max_reply_text_chars)
                return fail(errc::unprocessable, std::string("text.") + lang + " is longer than 480 characters.",
                            std::string("text.") + lang);
        }
    }
    return s;
}

json reply_json_of_form(form_fields const& f)
{
    json j = {{"acknowledgements", field(f, "acknowledgements").has_value()},
              {"text",
               {{"fr", field(f, "text_fr").value_or("")},
                {"bm", field(f, "text_bm").value_or("")},
                {"en", field(f, "text_en").value_or("")}}}};
    auto const budget = field(f, "daily_sms_budget").value_or("");
    long long n = -1;
    if(! budget.empty() && budget.size() <= 9 &&
       std::all_of(budget.begin(), budget.end(), [](char c) { return c >= '0' && c <= '9'; }))
        n = std::stoll(budget);
    j["daily_sms_budget"] = n >= 0 ? json(n) : json(budget);  // a string is refused by reply_setting_of, naming the field
    return j;
}

std::string reply_settings_section(messages const& m, std::string const& lang, std::string const& slug, std::string const& csrf,
                                   json const& settings, bool writable)
{
    auto t = [&](char const* key) { return esc(m.get(lang, key)); };
    std::string b = "<h2 id=\"replies\">" + t("admin.replies") + "</h2><p>" + t("admin.replies_intro") + "</p>";
    for(auto const& r : settings.at("replies"))
    {
        auto const channel = r.at("channel").get<std::string>();
        auto const id = [&](char const* name) { return "replies_" + channel + "_" + name; };
        auto const off = writable ? std::string() : std::string(" disabled");
        b += "<form method=\"post\" action=\"/mod/admin/consultations/" + esc(slug) + "/replies/" + channel + "?lang=" + lang +
             "\" accept-charset=\"utf-8\" class=\"replies\" data-channel=\"" + channel + "\"><fieldset><legend>" + channel +
             "</legend><input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
        b += "<p><label><input type=\"checkbox\" id=\"" + id("acknowledgements") + "\" name=\"acknowledgements\"" +
             (r.at("acknowledgements").get<bool>() ? " checked" : "") + off + "> " + t("admin.replies_acknowledgements") +
             "</label></p>";
        b += "<p><label for=\"" + id("budget") + "\">" + t("admin.replies_budget") + "</label><br><input id=\"" + id("budget") +
             "\" name=\"daily_sms_budget\" type=\"number\" min=\"0\" max=\"1000000\" required value=\"" +
             std::to_string(r.at("daily_sms_budget").get<long long>()) + "\"" + off + "></p>";
        for(auto const l : {"fr", "bm", "en"})
            b += "<p><label for=\"" + id(l) + "\">" + t("admin.replies_text") + " (" + l + ")</label><br><textarea id=\"" +
                 id(l) + "\" name=\"text_" + l + "\" rows=\"2\" maxlength=\"480\" placeholder=\"" +
                 esc(m.get(l, "reply.thanks")) + "\"" + off + ">" + esc(r.at("text").value(l, "")) + "</textarea></p>";
        if(writable)
            b += "<p><button type=\"submit\">" + t("admin.replies_save") + " (" + channel + ")</button></p>";
        b += "</fieldset></form>";
    }
    return b;
}

}  // namespace baro::http
