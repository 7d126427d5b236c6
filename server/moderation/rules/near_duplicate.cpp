#include "moderation/rules/near_duplicate.hpp"

#include <array>
#include <limits>

namespace baro::moderation {

namespace {

constexpr int rows_per_band = 2;
constexpr int hash_count = near_duplicate_bands * rows_per_band;

std::uint64_t mix(std::uint64_t x)  // splitmix64's finaliser: a fixed, well-spread 64-bit mix
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL)
{
    for(unsigned char c : s)
        h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

std::vector<std::string_view> words(std::string_view key)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while(i < key.size())
    {
        while(i < key.size() && key[i] == ' ')
            ++i;
        std::size_t const start = i;
        while(i < key.size() && key[i] != ' ')
            ++i;
        if(i > start)
            out.push_back(key.substr(start, i - start));
    }
    return out;
}

}  // namespace

std::vector<std::int64_t> similarity_bands(std::string_view search_key, std::int64_t consultation_id)
{
    auto const w = words(search_key);
    if(w.empty())
        return {};
    // Shingles: each pair of neighbouring words; a one-word text is its word.
    std::vector<std::uint64_t> shingles;
    if(w.size() == 1)
        shingles.push_back(fnv1a(w[0]));
    for(std::size_t i = 0; i + 1 < w.size(); ++i)
        shingles.push_back(fnv1a(w[i + 1], fnv1a(" ", fnv1a(w[i]))));

    std::array<std::uint64_t, hash_count> mins;
    mins.fill(std::numeric_limits<std::uint64_t>::max());
    for(auto const s : shingles)
        for(int k = 0; k < hash_count; ++k)
        {
            auto const h = mix(s ^ mix(static_cast<std::uint64_t>(k) + 1));
            if(h < mins[k])
                mins[k] = h;
        }

    std::vector<std::int64_t> bands;
    bands.reserve(near_duplicate_bands);
    auto const scope = mix(static_cast<std::uint64_t>(consultation_id) ^ 0x6261726f67727570ULL);  // "barogrup"
    for(int b = 0; b < near_duplicate_bands; ++b)
    {
        std::uint64_t h = mix(scope ^ static_cast<std::uint64_t>(b));
        for(int r = 0; r < rows_per_band; ++r)
            h = mix(h ^ mins[b * rows_per_band + r]);
        bands.push_back(static_cast<std::int64_t>(h));
    }
    return bands;
}

}  // namespace baro::moderation
