#include "channels/keywords.hpp"

#include "core/ascii.hpp"
#include "text/search_key.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace baro::channels {

namespace {

constexpr std::size_t max_keyword_bytes = 200;

}  // namespace

std::vector<std::string> const& default_withdrawal_keywords()
{
    static std::vector<std::string> const words = {"STOP", "SUPPRIMER"};
    return words;
}

std::string fold_keyword(std::string_view text)
{
    // The search key already folds case, marks and Bambara letters; a keyword also ignores the
    // punctuation around it ("STOP.", "« stop »") and how many spaces separate its words.
    auto const key = text::search_key(text);
    auto const* p = reinterpret_cast<uint8_t const*>(key.data());
    int32_t const n = static_cast<int32_t>(key.size());
    std::string out;
    bool pending_space = false;
    std::size_t kept_end = 0;  // end of the last character that is not punctuation
    for(int32_t i = 0; i < n;)
    {
        int32_t const start = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if(c < 0 || u_isUWhiteSpace(c))
        {
            pending_space = ! out.empty();
            continue;
        }
        if(u_ispunct(c) && kept_end == 0)
            continue;  // leading punctuation
        if(pending_space)
            out += ' ';
        pending_space = false;
        out.append(key, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        if(! u_ispunct(c))
            kept_end = out.size();
    }
    out.resize(kept_end);
    return out;
}

bool is_withdrawal(std::string_view text, std::vector<std::string> const& extra)
{
    auto const t = trim_ascii(text);
    if(t.empty() || t.size() > max_keyword_bytes)
        return false;  // a long message is an opinion, even if it ends with "stop"
    auto const folded = fold_keyword(t);
    if(folded.empty())
        return false;
    for(auto const* list : {&default_withdrawal_keywords(), &extra})
        for(auto const& word : *list)
            if(fold_keyword(word) == folded)
                return true;
    return false;
}

std::optional<keyword_split> split_keyword(std::string_view text, std::vector<std::string> const& known)
{
    auto const t = trim_ascii(text);
    std::size_t end = 0;
    while(end < t.size() && ! is_ascii_space(t[end]))
        ++end;
    auto const first = t.substr(0, end);
    if(first.empty() || first.size() > max_keyword_bytes)
        return std::nullopt;
    auto const folded = fold_keyword(first);
    if(folded.empty())
        return std::nullopt;
    for(auto const& word : known)
        if(fold_keyword(word) == folded)
            return keyword_split{word, std::string(trim_ascii(t.substr(end)))};
    return std::nullopt;
}

}  // namespace baro::channels
