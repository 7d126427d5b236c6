// libFuzzer target for the whole text pipeline: analyze() on arbitrary bytes, then the
// properties every output must keep whatever the input.
#include "text/analyze.hpp"
#include "text/redact.hpp"
#include "text/search_key.hpp"
#include "text/word_segments.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

std::vector<baro::text::theme_lexicon> const themes = {
    {"securite", {"sécurité", "armée", "paix"}, {"lakana", "kɛlɛ", "hɛra"}},
    {"sante", {"santé", "eau"}, {"kɛnɛya", "bana", "ji"}},
};

void require(bool ok)
{
    if(! ok)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, std::size_t size)
{
    std::string_view const bytes(reinterpret_cast<char const*>(data), size);
    auto const a = baro::text::analyze(bytes, themes);
    require(baro::text::is_valid_utf8(a.display.text));
    require(a.display.chars <= baro::text::max_contribution_chars);
    require(a.display.text.find('\0') == std::string::npos);
    require(baro::text::is_valid_utf8(a.search_key));
    require(baro::text::display_form(a.display.text).text == a.display.text);  // display form is stable
    auto const d = baro::text::display_form(bytes);                            // analyze checks display-readiness its own way
    require(d.text == a.display.text && d.chars == a.display.chars && d.truncated == a.display.truncated);
    require(baro::text::search_key(a.search_key) == a.search_key);  // so is the key
    require(baro::text::is_valid_utf8(baro::text::redact(a.display.text, "bm")));
    // Redaction reads any bytes (an ill-formed byte folds to a symbol and is copied as it was), and
    // keeps well-formed text well-formed: a mask never cuts a code point.
    auto const redacted = baro::text::redact(bytes, "fr");
    if(baro::text::is_valid_utf8(bytes))
        require(baro::text::is_valid_utf8(redacted));
    // The fast word segmenter, wherever it takes a text, finds exactly ICU's word segments.
    for(std::string_view t : {bytes, std::string_view(a.display.text)})
    {
        std::vector<baro::text::detail::token_span> fast;
        std::vector<baro::text::detail::token_span> icu;
        if(! baro::text::detail::fast_word_segments(t, fast))
            continue;
        baro::text::detail::icu_word_segments(t, icu);
        require(fast.size() == icu.size());
        for(std::size_t i = 0; i < fast.size(); ++i)
            require(fast[i].begin == icu[i].begin && fast[i].end == icu[i].end);
    }
    return 0;
}
