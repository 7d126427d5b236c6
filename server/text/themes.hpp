#pragma once
#include "text/tokens.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// A theme of a consultation and its keywords, written as a citizen would write them.
struct theme_lexicon
{
    std::string slug;
    std::vector<std::string> fr;  ///< French keywords: match by stem (prefix of the key)
    std::vector<std::string> bm;  ///< Bambara keywords: match by key, plural -w, or as a compound's head
};

/// Theme lexicons compiled once into a trie of search keys; matching is then linear in the tokens.
/// Immutable after construction, so one instance may serve every thread.
class theme_matcher
{
public:
    explicit theme_matcher(std::vector<theme_lexicon> const& themes);

    /// Slugs of the themes whose keywords match a word or hashtag token, in theme order.
    std::vector<std::string> match(std::vector<token> const& tokens) const;

    /// `match` over tokens in one buffer (what `analyze` uses).
    std::vector<std::string> match(detail::token_list const& tokens) const;

private:
    struct node
    {
        std::vector<std::pair<char, uint32_t>> children;
        std::vector<uint32_t> on_prefix;  // themes matched by any key starting here
        std::vector<uint32_t> on_exact;   // themes matched by a key ending exactly here
    };
    void add(std::string_view key, uint32_t theme, bool prefix);
    uint32_t child(uint32_t n, char c) const;
    void mark(std::string_view key, char* hit) const;
    std::vector<std::string> slugs_of(char const* hit) const;

    std::vector<std::string> slugs_;
    std::vector<node> nodes_;
    std::array<uint32_t, 256> root_{};  // the root's child for each first byte: every token starts there
};

/// Slugs of the themes whose keywords match `tokens` (words and hashtags), in theme order.
/// Compiles the lexicons on each call: keep a `theme_matcher` when matching many texts.
std::vector<std::string> suggest_themes(std::vector<token> const& tokens, std::vector<theme_lexicon> const& themes);

/// The stem a French keyword matches by: its key without a final s/x and a final e.
std::string french_stem(std::string_view keyword);

}  // namespace baro::text
