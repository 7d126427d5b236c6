#include "text/char_table.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>

#include <vector>

namespace baro::text::detail {
namespace {

bool is_bambara(UChar32 c)
{
    switch(c)
    {
    case 0x025B:
    case 0x0254:
    case 0x0272:
    case 0x014B:
    case 0x0190:
    case 0x0186:
    case 0x019D:
    case 0x014A: return true;
    default: return false;
    }
}

// Scripts whose words ICU finds with a dictionary or with rules beyond the ones the fast
// segmenter implements (Hangul, Hebrew quotes): left to ICU.
bool is_special_script(UChar32 c)
{
    UErrorCode ec = U_ZERO_ERROR;
    switch(uscript_getScript(c, &ec))
    {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_HEBREW:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_LANNA:
    case USCRIPT_TAI_VIET:
    case USCRIPT_NEW_TAI_LUE:
    case USCRIPT_TAI_LE:
    case USCRIPT_BOPOMOFO:
    case USCRIPT_YI: return true;
    default: break;
    }
    switch(u_getIntPropertyValue(c, UCHAR_LINE_BREAK))
    {
    case U_LB_COMPLEX_CONTEXT:
    case U_LB_IDEOGRAPHIC:
    case U_LB_CONDITIONAL_JAPANESE_STARTER:
    case U_LB_H2:
    case U_LB_H3:
    case U_LB_JL:
    case U_LB_JV:
    case U_LB_JT: return true;
    default: return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC);
    }
}

word_break word_break_of(UChar32 c)
{
    // ICU's root rules (from CLDR) take the colon out of MidLetter ("a:b" is three segments)...
    if(c == ':')
        return word_break::other;
    // ...and count '@' as a letter, so e-mail addresses stay one word ("x@y.com").
    if(c == '@')
        return word_break::letter;
    if(c == 0xFE13 || c == 0xFE55 || c == 0xFF1A)
        return word_break::unsupported;
    word_break wb = word_break::unsupported;
    switch(u_getIntPropertyValue(c, UCHAR_WORD_BREAK))
    {
    case U_WB_OTHER:
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
    case U_WB_WSEGSPACE:
    case U_WB_DOUBLE_QUOTE: wb = word_break::other; break;
    case U_WB_ALETTER: wb = word_break::letter; break;
    case U_WB_NUMERIC: wb = word_break::numeric; break;
    case U_WB_MIDLETTER: wb = word_break::mid_letter; break;
    case U_WB_MIDNUM: wb = word_break::mid_num; break;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE: wb = word_break::mid_num_let; break;
    case U_WB_EXTENDNUMLET: wb = word_break::extend_num_let; break;
    case U_WB_EXTEND:
    case U_WB_FORMAT: wb = word_break::extend; break;
    default: break;  // ZWJ, Katakana, Hebrew_Letter, Regional_Indicator, E_Base...
    }
    return wb != word_break::unsupported && is_special_script(c) ? word_break::unsupported : wb;
}

bool is_horizontal_space(UChar32 c) { return c == ' ' || c == '\t' || u_charType(c) == U_SPACE_SEPARATOR; }

// What display cleanup and NFC leave unchanged on their own, and what is one grapheme cluster
// whatever its neighbours: then a text made only of such characters needs none of that work.
bool is_plain(UChar32 c)
{
    if(c < 0x80)
        return c >= 0x20 && c != 0x7F && c != ' ';
    if(c == 0x85 || c == 0x2028 || c == 0x2029 || is_horizontal_space(c))
        return false;
    switch(u_charType(c))
    {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
    case U_UNASSIGNED: return false;
    default: break;
    }
    return u_getCombiningClass(c) == 0 && u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
           u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK) == U_GCB_OTHER;
}

}  // namespace

char_info compute_info(UChar32 c)
{
    char_info i;
    i.wb = word_break_of(c);
    if(c >= 0x07CA && c <= 0x07EA)
        i.bits |= nko_letter;
    if(u_isalpha(c))
    {
        UErrorCode ec = U_ZERO_ERROR;
        auto const script = uscript_getScript(c, &ec);
        if(script == USCRIPT_LATIN)
            i.bits |= (i.bits & nko_letter) ? 0 : latin_letter;
        else if(script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
            i.bits |= foreign_letter;
    }
    if(is_bambara(c))
        i.bits |= bambara_letter;
    if(is_plain(c))
        i.bits |= plain;
    if(is_horizontal_space(c))
        i.bits |= horizontal_space;
    return i;
}

char_info const* bmp_table()
{
    static std::vector<char_info> const t = [] {
        std::vector<char_info> v(0x10000);
        for(UChar32 c = 0; c < 0x10000; ++c)
            v[static_cast<std::size_t>(c)] = U_IS_SURROGATE(c) ? char_info{word_break::unsupported, 0} : compute_info(c);
        return v;
    }();
    return t.data();
}

}  // namespace baro::text::detail
