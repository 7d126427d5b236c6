#pragma once
#include <string_view>

namespace baro::ingest {

/// A region a citizen may name: Mali's regions, Bamako district, and the diaspora.
struct region
{
    std::string_view slug;
    std::string_view name;  ///< as written in French and Bambara alike; Bamako and diaspora have i18n labels
};

/// Mali's 19 regions (2012 law, operational since 2023), Bamako district, and "outside Mali".
constexpr region regions[] = {
    {"bamako", "Bamako"},
    {"kayes", "Kayes"},
    {"koulikoro", "Koulikoro"},
    {"sikasso", "Sikasso"},
    {"segou", "Ségou"},
    {"mopti", "Mopti"},
    {"tombouctou", "Tombouctou"},
    {"gao", "Gao"},
    {"kidal", "Kidal"},
    {"taoudenit", "Taoudénit"},
    {"menaka", "Ménaka"},
    {"nioro", "Nioro du Sahel"},
    {"kita", "Kita"},
    {"dioila", "Dioïla"},
    {"nara", "Nara"},
    {"bougouni", "Bougouni"},
    {"koutiala", "Koutiala"},
    {"san", "San"},
    {"douentza", "Douentza"},
    {"bandiagara", "Bandiagara"},
    {"diaspora", "Diaspora"},
};

/// True when `slug` names a known region (the empty string, "not said", is valid too).
constexpr bool is_region(std::string_view slug)
{
    if(slug.empty())
        return true;
    for(auto const& r : regions)
        if(r.slug == slug)
            return true;
    return false;
}

}  // namespace baro::ingest
