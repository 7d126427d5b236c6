#include "http/i18n.hpp"

#include "core/embedded.hpp"

#include <nlohmann/json.hpp>

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
}  // namespace

messages::messages()
{
    for(auto const& f : embedded::web_assets())
    {
        if(f.path.rfind("i18n/", 0) != 0)
            continue;
        auto const lang = f.path.substr(5, f.path.size() - 5 - 5);  // i18n/xx.json
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
