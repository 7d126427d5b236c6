#include "core/languages.hpp"

#include "core/ascii.hpp"

#include <cstdlib>
#include <string>

namespace baro {

std::size_t language_index(std::string_view lang)
{
    for(std::size_t i = 0; i < language_count; ++i)
        if(languages[i] == lang)
            return i;
    return 0;
}

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
        auto item = trim_ascii(accept_language.substr(0, comma));
        accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
        double q = 1;
        if(auto semi = item.find(';'); semi != std::string_view::npos)
        {
            auto const param = trim_ascii(item.substr(semi + 1));
            if(param.substr(0, 2) == "q=")
                q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
            item = trim_ascii(item.substr(0, semi));
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

}  // namespace baro
