#include "moderation/rules/trigram_similarity.hpp"

#include <algorithm>
#include <utility>

namespace baro::moderation {

namespace {

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The code point starting at key[i] (a non-ASCII lead byte) and its length; 0 length if invalid.
std::pair<char32_t, std::size_t> decode(std::string_view key, std::size_t i)
{
    auto const lead = static_cast<unsigned char>(key[i]);
    std::size_t const n = lead >= 0xF0 && lead < 0xF5 ? 4 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
    if(n == 0 || i + n > key.size())
        return {0, 0};
    char32_t cp = lead & (0x7F >> n);
    for(std::size_t k = 1; k < n; ++k)
    {
        auto const b = static_cast<unsigned char>(key[i + k]);
        if((b & 0xC0) != 0x80)
            return {0, 0};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, n};
}

std::uint32_t pack(unsigned char a, unsigned char b, unsigned char c)
{
    return (std::uint32_t{a} << 16) | (std::uint32_t{b} << 8) | c;
}

}  // namespace

std::optional<trigram_set> ascii_trigrams(std::string_view key) { return trigrams(key, {}); }

void add_non_ascii(std::string_view key, std::unordered_set<char32_t>& out)
{
    for(std::size_t i = 0; i < key.size();)
    {
        if(static_cast<unsigned char>(key[i]) < 0x80)
        {
            ++i;
            continue;
        }
        auto const [cp, n] = decode(key, i);
        if(n == 0)
            return;
        out.insert(cp);
        i += n;
    }
}

std::optional<trigram_set> trigrams(std::string_view key, std::unordered_set<char32_t> const& separators)
{
    trigram_set out;
    out.reserve(key.size() + 8);
    std::size_t i = 0;
    while(i < key.size())
    {
        auto const byte = static_cast<unsigned char>(key[i]);
        if(byte >= 0x80)
        {
            auto const [cp, n] = decode(key, i);
            if(n == 0 || separators.count(cp) == 0)
                return std::nullopt;
            i += n;
            continue;
        }
        if(byte >= 'A' && byte <= 'Z')
            return std::nullopt;
        if(! is_word_byte(byte))
        {
            ++i;
            continue;
        }
        // A word: the windows of "  " + word + " ".
        unsigned char before2 = ' ', before1 = ' ';
        for(; i < key.size() && is_word_byte(static_cast<unsigned char>(key[i])); ++i)
        {
            auto const c = static_cast<unsigned char>(key[i]);
            out.push_back(pack(before2, before1, c));
            before2 = before1;
            before1 = c;
        }
        out.push_back(pack(before2, before1, ' '));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

float trigram_similarity(trigram_set const& a, trigram_set const& b)
{
    if(a.empty() || b.empty())
        return 0.0F;
    std::size_t i = 0, j = 0;
    int common = 0;
    while(i < a.size() && j < b.size())
    {
        if(a[i] < b[j])
            ++i;
        else if(b[j] < a[i])
            ++j;
        else
        {
            ++common;
            ++i;
            ++j;
        }
    }
    // pg_trgm's CALCSML: both operands float4, as PostgreSQL computes it.
    return static_cast<float>(common) / static_cast<float>(static_cast<int>(a.size() + b.size()) - common);
}

}  // namespace baro::moderation
