// libFuzzer target for the whole text pipeline: analyze() on arbitrary bytes, then the
// properties every output must keep whatever the input.
#include "text/analyze.hpp"
#include "text/redact.hpp"
#include "text/search_key.hpp"

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
    require(baro::text::display_form(a.display.text).text == a.display.text);   // display form is stable
    require(baro::text::search_key(a.search_key) == a.search_key);              // so is the key
    require(baro::text::is_valid_utf8(baro::text::redact(a.display.text, "bm")));
    return 0;
}
