#include "http/i18n.hpp"

#include "core/embedded.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace baro::http {

namespace {
bool supported(std::string_view l)
{
    for(auto s : languages)
        if(s == l)
            return true;
    return false;
}

std::string_view trim(std::string_view s)
{
    while(! s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while(! s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}
}  // namespace

std::string_view negotiate_language(std::string_view query_lang, std::string_view accept_language)
{
    for(auto s : languages)
        if(s == query_lang)
            return s;
    std::string_view best = "fr";
    double best_q = 0;
    while(! accept_language.empty())
    {
        auto const comma = accept_language.find(',');
        auto item = trim(accept_language.substr(0, comma));
        accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
        double q = 1;
        if(auto semi = item.find(';'); semi != std::string_view::npos)
        {
            auto const param = trim(item.substr(semi + 1));
            if(param.substr(0, 2) == "q=")
                q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
            item = trim(item.substr(0, semi));
        }
        auto const primary = item.substr(0, item.find('-'));
        std::string lower;
        for(char c : primary)
            lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
        if(lower == "bam")
            lower = "bm";
        for(auto s : languages)
            if(s == lower && q > best_q)
            {
                best = s;
                best_q = q;
            }
    }
    return best;
}

messages::messages()
{
    for(auto const& f : embedded::web_assets())
    {
        if(f.path.rfind("i18n/", 0) != 0)
            continue;
        auto const lang = f.path.substr(5, f.path.size() - 5 - 5);   // i18n/xx.json
        if(! supported(lang))
            continue;
        auto const j = nlohmann::json::parse(f.content);
        auto& table = by_lang_[std::string(lang)];
        for(auto const& [k, v] : j.items())
            table[k] = v.get<std::string>();
    }
    if(by_lang_.find("fr") == by_lang_.end())
        throw std::runtime_error("client-web/i18n/fr.json is missing from the build");
}

std::string const& messages::get(std::string_view lang, std::string_view key) const
{
    for(auto l : {lang, std::string_view("fr")})
        if(auto t = by_lang_.find(l); t != by_lang_.end())
            if(auto it = t->second.find(key); it != t->second.end())
                return it->second;
    // The key itself: kept in a set, so the reference stays valid for the caller, from any thread.
    std::lock_guard lock(missing_mutex_);
    return *missing_.emplace(key).first;
}

std::map<std::string, std::string, std::less<>> messages::all(std::string_view lang) const
{
    auto out = by_lang_.at("fr");
    if(auto t = by_lang_.find(lang); t != by_lang_.end())
        for(auto const& [k, v] : t->second)
            out[k] = v;
    return out;
}

}  // namespace baro::http
