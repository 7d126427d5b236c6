#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace baro::text {

/// One token of a text, compared through its search key.
struct token
{
    std::string key;   ///< search key of the token; a hashtag's key has no '#'
    enum class kind
    {
        word,       ///< a content word or number
        stopword,   ///< an elided clitic (l' b' ...) or a high-frequency function word
        url,        ///< a web address, kept whole
        hashtag,    ///< #word
    } type = kind::word;
};

/// Splits display text into tokens: ICU word boundaries, then apostrophes; URLs whole; #hashtags.
/// Never throws; linear time.
std::vector<token> tokenize(std::string_view display_text);

namespace detail {

/// Where a token lies in the display text (byte offsets; for clitic splits, the whole ICU word).
struct token_span
{
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// `tokenize`, also reporting the span of each token when `spans` is not null.
void tokenize(std::string_view display_text, std::vector<token>& tokens, std::vector<token_span>* spans);

}  // namespace detail
}  // namespace baro::text
