#include "http/admin_fields.hpp"

#include "moderation/rules/consultation_fields.hpp"
#include "text/lexicon_preview.hpp"

#include <algorithm>
#include <cstdlib>

namespace baro::http {

namespace {

using nlohmann::json;

error bad(std::string message, std::string field) { return fail(errc::unprocessable, std::move(message), std::move(field)); }

// {"fr", "bm", "en"} strings; French required when `required`.
result<json> three_languages(json const& j, char const* key, bool required)
{
    json out = json::object();
    auto const it = j.find(key);
    if(it == j.end() || it->is_null())
    {
        if(required)
            return bad(std::string(key) + " needs at least its French text (" + key + ".fr).", std::string(key) + ".fr");
        return out;
    }
    if(! it->is_object())
        return bad(std::string(key) + " is an object {\"fr\", \"bm\", \"en\"}.", key);
    for(auto const lang : {"fr", "bm", "en"})
    {
        auto const v = it->find(lang);
        if(v == it->end() || v->is_null() || (v->is_string() && v->get<std::string>().empty()))
            continue;
        if(! v->is_string() || v->get<std::string>().size() > 2000)
            return bad(std::string(key) + "." + lang + " is a text of at most 2,000 bytes.", std::string(key) + "." + lang);
        out[lang] = v->get<std::string>();
    }
    if(required && ! out.contains("fr"))
        return bad(std::string(key) + " needs at least its French text (" + key + ".fr).", std::string(key) + ".fr");
    return out;
}

result<std::optional<std::int64_t>> time_of(json const& j, char const* key)
{
    auto const it = j.find(key);
    if(it == j.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty()))
        return std::optional<std::int64_t>{};
    auto const t = it->is_string() ? moderation::parse_bamako_time(it->get<std::string>()) : std::nullopt;
    if(! t)
        return bad(std::string(key) + " is a date-time in Africa/Bamako time (UTC+0), e.g. 2026-12-04T18:00.", key);
    return std::optional<std::int64_t>(*t);
}

result<std::vector<std::string>> string_list(json const& j, char const* key)
{
    std::vector<std::string> out;
    auto const it = j.find(key);
    if(it == j.end() || it->is_null())
        return out;
    if(! it->is_array())
        return bad(std::string(key) + " is a list of texts.", key);
    for(auto const& v : *it)
    {
        if(! v.is_string())
            return bad(std::string(key) + " is a list of texts.", key);
        if(! v.get<std::string>().empty())
            out.push_back(v.get<std::string>());
    }
    return out;
}

result<bool> flag_of(json const& j, char const* key, bool absent)
{
    auto const it = j.find(key);
    if(it == j.end() || it->is_null())
        return absent;
    if(! it->is_boolean())
        return bad(std::string(key) + " is true or false.", key);
    return it->get<bool>();
}

std::vector<std::string> lines(std::string const& text)
{
    std::vector<std::string> out;
    std::string item;
    for(char c : text + "\n")
    {
        if(c == '\n' || c == '\r' || c == ',')
        {
            auto const b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
            if(b != std::string::npos)
                out.push_back(item.substr(b, e - b + 1));
            item.clear();
        }
        else
            item += c;
    }
    return out;
}

}  // namespace

result<store::consultation_fields> consultation_fields_of(json const& j)
{
    store::consultation_fields f;
    auto const slug = j.find("slug");
    if(slug == j.end() || ! slug->is_string() || ! moderation::is_slug(slug->get<std::string>()))
        return bad("slug is 1 to 63 characters of a-z, 0-9 and '-', not starting with '-'.", "slug");
    f.slug = slug->get<std::string>();
    auto title = three_languages(j, "title", true);
    if(! title)
        return title.err();
    f.title = std::move(*title);
    auto description = three_languages(j, "description", false);
    if(! description)
        return description.err();
    f.description = std::move(*description);
    auto opens = time_of(j, "opens_at");
    if(! opens)
        return opens.err();
    auto closes = time_of(j, "closes_at");
    if(! closes)
        return closes.err();
    f.opens_at = *opens;
    f.closes_at = *closes;
    if(f.opens_at && f.closes_at && *f.closes_at <= *f.opens_at)
        return bad("closes_at must come after opens_at.", "closes_at");
    auto channels = string_list(j, "channels");
    if(! channels)
        return channels.err();
    auto const& known = moderation::known_channels();
    for(auto const& c : *channels)
        if(std::find(known.begin(), known.end(), c) == known.end())
            return bad("Unknown channel \"" + c + "\".", "channels");
    f.channels = j.contains("channels") ? std::move(*channels)
                                        : std::vector<std::string>{"web", "sms", "ussd", "whatsapp", "messenger", "telegram"};
    f.sms_keyword = j.contains("sms_keyword") && j.at("sms_keyword").is_string() ? j.at("sms_keyword").get<std::string>() : "";
    if(! moderation::is_sms_keyword(f.sms_keyword))
        return bad("sms_keyword is up to 20 ASCII letters or digits.", "sms_keyword");
    auto recipients = string_list(j, "recipients");
    if(! recipients)
        return recipients.err();
    for(auto const& r : *recipients)
        if(auto problem = moderation::recipient_problem(r); ! problem.empty())
            return bad(problem, "recipients");
    f.recipients = std::move(*recipients);
    auto def = flag_of(j, "default_unrouted", false);
    auto links = flag_of(j, "show_source_links", false);
    if(! def)
        return def.err();
    if(! links)
        return links.err();
    f.default_unrouted = *def;
    f.show_source_links = *links;
    if(auto const days = j.find("media_retention_days"); days != j.end())
    {
        if(! days->is_number_integer() || days->get<long long>() < store::min_media_retention_days ||
           days->get<long long>() > store::max_media_retention_days)
            return bad("media_retention_days is a whole number of days from " + std::to_string(store::min_media_retention_days) +
                           " to " + std::to_string(store::max_media_retention_days) + ".",
                       "media_retention_days");
        f.media_retention_days = days->get<int>();
    }
    if(j.contains("questions"))
    {
        if(! j.at("questions").is_object())
            return bad("questions is an object {\"region\", \"gender\", \"age_band\": true|false}.", "questions");
        auto const& q = j.at("questions");
        auto region = flag_of(q, "region", true);
        if(! region)
            return bad("questions.region is true or false.", "questions.region");
        auto gender = flag_of(q, "gender", false);
        if(! gender)
            return bad("questions.gender is true or false.", "questions.gender");
        auto age_band = flag_of(q, "age_band", false);
        if(! age_band)
            return bad("questions.age_band is true or false.", "questions.age_band");
        f.ask_region = *region;
        f.demographics = {*gender, *age_band};
    }
    return f;
}

result<store::theme_fields> theme_fields_of(json const& j)
{
    store::theme_fields t;
    auto const slug = j.find("slug");
    if(slug == j.end() || ! slug->is_string() || ! moderation::is_slug(slug->get<std::string>()))
        return bad("slug is 1 to 63 characters of a-z, 0-9 and '-', not starting with '-'.", "slug");
    t.slug = slug->get<std::string>();
    auto label = three_languages(j, "label", true);
    if(! label)
        return label.err();
    t.label = std::move(*label);
    auto fr = string_list(j, "keywords_fr");
    if(! fr)
        return fr.err();
    auto bm = string_list(j, "keywords_bm");
    if(! bm)
        return bm.err();
    t.keywords_fr = std::move(*fr);
    t.keywords_bm = std::move(*bm);
    auto version = version_of(j);
    if(! version)
        return version.err();
    t.version = *version;
    return t;
}

error version_needed() { return fail(errc::unprocessable, "version is the consultation's version as you read it.", "version"); }

result<std::optional<std::int64_t>> version_of(json const& j)
{
    auto const v = j.find("version");
    if(v == j.end())
        return std::optional<std::int64_t>();
    if(! v->is_number_integer() || v->get<long long>() < 1)
        return version_needed();
    return std::optional<std::int64_t>(v->get<std::int64_t>());
}

json json_of_form(form_fields const& f)
{
    json j = json::object();
    auto text = [&](char const* name) { return field(f, name).value_or(""); };
    for(auto const key : {"slug", "opens_at", "closes_at", "sms_keyword", "into", "status"})
        if(field(f, key))
            j[key] = text(key);
    for(auto const group : {"title", "description", "label"})
        for(auto const lang : {"fr", "bm", "en"})
            if(auto v = field(f, std::string(group) + "_" + lang))
                j[group][lang] = *v;
    if(field(f, "recipients"))
        j["recipients"] = lines(text("recipients"));
    for(auto const key : {"keywords_fr", "keywords_bm"})
        if(field(f, key))
            j[key] = lines(text(key));
    json channels = json::array();
    for(auto const& [k, v] : f)
        if(k == "channels")
            channels.push_back(v);
    if(field(f, "channels_sent"))
        j["channels"] = channels;
    if(field(f, "checkboxes_sent"))
    {
        j["default_unrouted"] = field(f, "default_unrouted").has_value();
        j["show_source_links"] = field(f, "show_source_links").has_value();
        j["questions"] = {{"region", field(f, "ask_region").has_value()},
                          {"gender", field(f, "ask_gender").has_value()},
                          {"age_band", field(f, "ask_age_band").has_value()}};
    }
    if(auto v = field(f, "version"))
        j["version"] = std::atoll(v->c_str());
    if(auto v = field(f, "media_retention_days"))  // a number when it reads as one; else refused with its field
    {
        auto const digits = ! v->empty() && v->size() <= 9 && v->find_first_not_of("0123456789") == std::string::npos;
        j["media_retention_days"] = digits ? json(std::atoll(v->c_str())) : json(*v);
    }
    return j;
}

json lexicon_preview(std::vector<store::sample_text> const& sample, std::vector<std::string> const& keywords_fr,
                     std::vector<std::string> const& keywords_bm)
{
    constexpr std::size_t examples_shown = 3;
    std::vector<std::string> texts;
    texts.reserve(sample.size());
    for(auto const& s : sample)
        texts.push_back(s.text);
    json keywords = json::array();
    for(auto const& hit : text::preview_keywords(texts, keywords_fr, keywords_bm))
    {
        json examples = json::array();
        for(std::size_t i = 0; i < hit.texts.size() && i < examples_shown; ++i)
            examples.push_back({{"id", sample[hit.texts[i]].id}, {"text", sample[hit.texts[i]].text}});
        keywords.push_back({{"keyword", hit.keyword}, {"language", hit.language}, {"matches", hit.texts.size()}, {"examples", examples}});
    }
    return {{"sampled", sample.size()}, {"keywords", keywords}};
}

nlohmann::json reindex_json(ingest::reindex_progress const& p)
{
    nlohmann::json j{{"state", p.state}, {"done", p.done}, {"total", p.total}};
    if(! p.error.empty())
        j["error"] = p.error;
    return j;
}

}  // namespace baro::http
