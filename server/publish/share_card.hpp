#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace baro::publish {

/// The share image's size: what Open Graph and Twitter's large card expect.
constexpr int share_width = 1200;
constexpr int share_height = 630;

/// The headline figures a share image shows, already in the reader's language.
struct share_figures
{
    std::string title;        ///< the consultation
    std::string total_label;  ///< "avis publiés"
    std::int64_t total = 0;
    std::vector<std::pair<std::string, std::int64_t>> top_themes;  ///< up to three, largest first
    std::string footer;                                            ///< e.g. the site's address
};

/// The share image as SVG (1200×630): the title (wrapped), the total, the leading themes as bars.
/// Text is escaped; fonts are the system's sans-serif. Pure.
std::string share_card_svg(share_figures const& f);

}  // namespace baro::publish
