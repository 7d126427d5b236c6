#include "text/redact.hpp"

#include "text/redact_fold.hpp"
#include "text/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace baro::text {
namespace {

using detail::is_ascii_alnum;

struct labels
{
    std::string_view phone;
    std::string_view email;
    std::string_view handle;
};

labels labels_for(std::string_view lang)
{
    if(lang == "en")
        return {"[number hidden]", "[e-mail hidden]", "[account hidden]"};
    if(lang == "bm")
        return {"[nimɔrɔ dogolen]", "[e-mail dogolen]", "[@ dogolen]"};
    return {"[numéro masqué]", "[e-mail masqué]", "[compte masqué]"};
}

enum class kind { phone, email, handle };

/// A span of the folded text to mask.
struct span
{
    std::size_t begin, end;
    kind what;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `s` holds `word` at `i`, ASCII case-insensitively.
bool word_at(std::string_view s, std::size_t i, std::string_view word)
{
    if(i + word.size() > s.size())
        return false;
    for(std::size_t k = 0; k < word.size(); ++k)
        if(lower(s[i + k]) != word[k])
            return false;
    return true;
}

// ------------------------------------------------------------------ phone numbers

bool is_phone_separator(char c) { return c == ' ' || c == '.' || c == '-' || c == '/' || c == '_' || c == '(' || c == ')'; }

constexpr std::size_t max_separator_run = 3;  // "76 - 12", "(76) 12"
constexpr std::size_t max_groups = 24;
constexpr std::size_t max_digits = 20;  // an attempt reads no more: redaction stays linear

// The digit groups of a run starting at `p` (on a digit): "76 12 34 5 6", "76/12/34/56".
struct digit_run
{
    std::size_t count = 0;
    std::size_t length[max_groups];  // digits of each group
    std::size_t end[max_groups];     // where each group ends
    char separator[max_groups];      // the first separator after each group
    bool complete = false;           // the run ended by itself (not by the digit cap)
};

digit_run read_run(std::string_view s, std::size_t p)
{
    digit_run r;
    std::size_t digits = 0;
    while(r.count < max_groups)
    {
        std::size_t const start = p;
        while(p < s.size() && is_digit(s[p]) && digits < max_digits)
        {
            ++p;
            ++digits;
        }
        r.length[r.count] = p - start;
        r.end[r.count] = p;
        r.separator[r.count] = p < s.size() ? s[p] : '\0';
        ++r.count;
        std::size_t q = p;
        while(q < s.size() && q - p < max_separator_run && is_phone_separator(s[q]))
            ++q;
        if(q == p || q >= s.size() || ! is_digit(s[q]))
        {
            r.complete = p >= s.size() || ! is_digit(s[p]);
            return r;
        }
        if(digits >= 17)
            return r;
        p = q;
    }
    return r;
}

bool has_at(std::string_view s, std::size_t i, std::string_view literal)
{
    return i <= s.size() && s.substr(i, literal.size()) == literal;
}

bool is_year(std::string_view four)
{
    int const y = (four[0] - '0') * 1000 + (four[1] - '0') * 100 + (four[2] - '0') * 10 + (four[3] - '0');
    return y >= 1800 && y <= 2099;
}

// Whether the first `g` groups of `r`, read from `first` (the first digit), are a phone number.
// `plus`: the run follows a '+'. `whole_run`: they are the whole run, which starts no longer run.
bool is_phone(std::string_view s, std::size_t first, digit_run const& r, std::size_t g, bool plus, bool whole_run)
{
    std::size_t digits = 0;
    std::size_t longest = 0;
    for(std::size_t k = 0; k < g; ++k)
    {
        digits += r.length[k];
        longest = std::max(longest, r.length[k]);
    }
    // Mali's country code fixes the length, so a second number after it is not swallowed.
    bool const mali = has_at(s, plus ? first : first + 2, "223");
    if(plus)
        return mali ? digits == 11 : digits >= 8 && digits <= 15;  // E.164
    if(has_at(s, first, "00") && r.length[0] >= 2)
        return mali ? digits == 13 : digits >= 10 && digits <= 17;
    if(has_at(s, first, "223") && r.length[0] >= 3)
        return digits == 11;
    if(digits != 8)
        return false;
    // Eight local digits (Malian numbers): whole, 2-2-2-2, 4-4 unless two years ("1958-1959",
    // "1960 1970"); single digits mixed in ("7 6 1 2 3 4 5 6", "76 12 34 5 6") only as a whole run,
    // so "1 2 3 4 5 6 7 8 9 10" keeps its tail. Dates (12/03/2021) and amounts (10 000 000) are 2-2-4 and 2-3-3.
    if(g == 1 || (g == 4 && longest == 2))
        return true;
    if(g == 2 && r.length[0] == 4)
        return r.separator[0] != '-' && ! (is_year(s.substr(first, 4)) && is_year(s.substr(r.end[1] - 4, 4)));
    return longest <= 2 && whole_run;
}

// A phone number starting at `i` (on '+' or a digit not glued to a word): its end, or `i` when none.
// The longest run of groups that reads as a number wins, so "76 12 34 56 / 66 12 34 56" is two.
std::size_t phone_end(std::string_view s, std::size_t i, bool run_start)
{
    bool const plus = s[i] == '+';
    std::size_t const first = plus ? i + 1 : i;
    if(first >= s.size() || ! is_digit(s[first]))
        return i;
    digit_run const r = read_run(s, first);
    for(std::size_t g = r.count; g > 0; --g)
    {
        std::size_t const end = r.end[g - 1];
        if(end < s.size() && is_ascii_alnum(s[end]))
            continue;  // glued to a word: a reference, not a phone number
        if(is_phone(s, first, r, g, plus, run_start && r.complete && g == r.count))
            return end;
    }
    return i;
}

// True when the digit at `i` continues a run of digit groups ("… 34 5 6"), false at its start.
bool continues_run(std::string_view s, std::size_t i)
{
    std::size_t k = i;
    while(k > 0 && i - k < max_separator_run && is_phone_separator(s[k - 1]))
        --k;
    return k < i && k > 0 && is_digit(s[k - 1]);
}

void find_phones(std::string_view s, std::size_t from, std::vector<span>& out)
{
    std::size_t const n = s.size();
    for(std::size_t i = from; i < n; ++i)
    {
        char const c = s[i];
        if(c != '+' && ! is_digit(c))
            continue;
        bool const glued = i > 0 && (is_ascii_alnum(s[i - 1]) || s[i - 1] == '+');
        std::size_t const e = glued ? i : phone_end(s, i, ! continues_run(s, i));
        if(e == i)
        {
            while(i + 1 < n && is_digit(s[i + 1]))
                ++i;  // the next try starts at the next group: each try reads at most 20 digits
            continue;
        }
        std::size_t begin = i;
        if(begin > from && s[begin - 1] == '(' && s.substr(begin, e - begin).find(')') != std::string_view::npos)
            --begin;  // "(+223) 76 12 34 56": the bracket goes with the number
        out.push_back({begin, e, kind::phone});
        i = e - 1;
    }
}

// ------------------------------------------------------------------ e-mail addresses

constexpr std::size_t max_local_chars = 128;
constexpr std::size_t max_domain_chars = 256;  // with obfuscation: redaction stays linear

bool is_local_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

bool is_label_char(char c) { return is_ascii_alnum(c) || c == '-'; }

bool is_open_bracket(char c) { return c == '[' || c == '(' || c == '{' || c == '<'; }

char closing(char c) { return c == '[' ? ']' : c == '(' ? ')' : c == '{' ? '}' : '>'; }

std::size_t skip_spaces(std::string_view s, std::size_t i, std::size_t most)
{
    for(std::size_t k = 0; k < most && i < s.size() && s[i] == ' '; ++k)
        ++i;
    return i;
}

// The end of a bracketed word at `i` ("[at]", "( dot )", "{point}"), or `i` when none.
std::size_t bracketed(std::string_view s, std::size_t i, std::initializer_list<std::string_view> words)
{
    if(i >= s.size() || ! is_open_bracket(s[i]))
        return i;
    std::size_t const j = skip_spaces(s, i + 1, 2);
    for(auto w : words)
        if(word_at(s, j, w))
        {
            std::size_t const k = skip_spaces(s, j + w.size(), 2);
            if(k < s.size() && s[k] == closing(s[i]))
                return k + 1;
        }
    return i;
}

// The end of a whole word at `i` ("arobase", "dot"), or `i` when none.
std::size_t bare_word(std::string_view s, std::size_t i, std::initializer_list<std::string_view> words)
{
    if(i > 0 && is_ascii_alnum(s[i - 1]))
        return i;
    for(auto w : words)
        if(word_at(s, i, w) && (i + w.size() == s.size() || ! is_ascii_alnum(s[i + w.size()])))
            return i + w.size();
    return i;
}

// The at sign at `i`: '@', "[at]", "(at)", "{arobase}", "arobase". Its end, or `i` when none.
std::size_t at_sign(std::string_view s, std::size_t i, bool& obfuscated)
{
    obfuscated = s[i] != '@';
    if(s[i] == '@')
        return i + 1;
    if(std::size_t const e = bracketed(s, i, {"at", "arobase", "arrobase"}); e != i)
        return e;
    return bare_word(s, i, {"arobase", "arrobase"});
}

// The dot between two labels at `i`: '.', or, after an obfuscated at sign, " . ", "[dot]", "(point)",
// " dot ", " point ". Its end (on the next label), or `i` when none.
std::size_t domain_dot(std::string_view s, std::size_t i, bool obfuscated)
{
    std::size_t e = i;
    if(i < s.size() && s[i] == '.')
        e = i + 1;
    else if(obfuscated)
    {
        std::size_t const j = skip_spaces(s, i, 2);
        if(j < s.size() && s[j] == '.')
            e = j + 1;
        else if(std::size_t const b = bracketed(s, j, {"dot", "point"}); b != j)
            e = b;
        else if(j > i)
            e = bare_word(s, j, {"dot", "point"});
        if(e != i && e != j)
            e = skip_spaces(s, e, 2);
        else
            e = i;
    }
    return e < s.size() && is_label_char(s[e]) ? e : i;
}

// The e-mail address around the at sign [at, at_end): [begin, end), or begin == end when none.
std::pair<std::size_t, std::size_t> email_around(std::string_view s, std::size_t at, std::size_t at_end, bool obfuscated,
                                                 std::size_t floor)
{
    std::size_t b = at;
    while(b > floor && at - b < 2 && s[b - 1] == ' ')
        --b;
    std::size_t const local_end = b;
    while(b > floor && local_end - b < max_local_chars && is_local_char(s[b - 1]))
        --b;
    bool local_ok = false;
    for(std::size_t k = b; k < local_end; ++k)
        local_ok = local_ok || is_ascii_alnum(s[k]);
    if(! local_ok)
        return {at, at};
    std::size_t p = skip_spaces(s, at_end, 2);
    std::size_t const limit = std::min(s.size(), p + max_domain_chars);
    std::size_t end = p;
    std::size_t dots = 0;
    bool tld_ok = false;
    while(p < limit && is_label_char(s[p]))
    {
        std::size_t const label = p;
        bool letters = true;
        for(; p < limit && is_label_char(s[p]); ++p)
            letters = letters && is_letter(s[p]);
        end = p;
        tld_ok = dots > 0 && letters && p - label >= 2;
        std::size_t const next = domain_dot(s.substr(0, limit), p, obfuscated);
        if(next == p)
            break;
        ++dots;
        p = next;
    }
    return tld_ok ? std::pair{b, end} : std::pair{at, at};
}

void find_emails(std::string_view s, std::vector<span>& out)
{
    std::size_t floor = 0;  // the end of the last address found
    for(std::size_t i = 0; i < s.size(); ++i)
    {
        char const c = s[i];
        bool const may_be_word = lower(c) == 'a' && i + 1 < s.size() && lower(s[i + 1]) == 'r';  // arobase
        if(c != '@' && ! is_open_bracket(c) && ! may_be_word)
            continue;
        bool obfuscated = false;
        std::size_t const at_end = at_sign(s, i, obfuscated);
        if(at_end == i)
            continue;
        auto const [b, e] = email_around(s, i, at_end, obfuscated, floor);
        if(b == e)
            continue;
        out.push_back({b, e, kind::email});
        floor = e;
        i = e - 1;
    }
}

// ------------------------------------------------------------------ @handles

constexpr std::size_t max_handle_chars = 30;  // X allows 15, Instagram 30

bool is_handle_char(char c) { return is_ascii_alnum(c) || c == '_' || c == '.'; }

// Social media handles in [from, to): '@' not glued to a word before it, then 1-30 of [A-Za-z0-9_.]
// holding a letter or '_' ("@2021" is a year), a trailing '.' left out. "@ 18h" is no handle.
void find_handles(std::string_view s, std::size_t from, std::size_t to, std::vector<span>& out)
{
    for(std::size_t i = from; i < to; ++i)
    {
        if(s[i] != '@' || (i > 0 && is_local_char(s[i - 1])))
            continue;
        std::size_t e = i + 1;
        bool word = false;
        for(; e < to && e - i - 1 < max_handle_chars && is_handle_char(s[e]); ++e)
            word = word || is_letter(s[e]) || s[e] == '_';
        while(e > i + 1 && s[e - 1] == '.')
            --e;
        if(! word || e == i + 1 || (e < to && is_handle_char(s[e]) && s[e] != '.'))
            continue;
        out.push_back({i, e, kind::handle});
        i = e - 1;
    }
}

}  // namespace

std::string redact(std::string_view text, std::string_view lang)
{
    detail::folded_text const folded(text);
    std::string_view const f = folded.view();
    std::vector<span> emails;
    find_emails(f, emails);
    // Phone numbers in the gaps between addresses: "76123456@x.ml" is one address.
    std::vector<span> spans;
    std::size_t gap = 0;
    for(std::size_t k = 0; k <= emails.size(); ++k)
    {
        std::size_t const gap_end = k < emails.size() ? emails[k].begin : f.size();
        find_phones(f.substr(0, gap_end), gap, spans);
        find_handles(f, gap, gap_end, spans);
        if(k < emails.size())
        {
            spans.push_back(emails[k]);
            gap = emails[k].end;
        }
    }
    if(spans.empty())
        return std::string(text);
    // In text order; a handle that overlaps a number ("@_76 12 34 56") yields to the number.
    std::stable_sort(spans.begin(), spans.end(), [](span const& a, span const& b) { return a.begin < b.begin; });
    std::size_t kept = 0;
    for(auto const& s : spans)
        if(kept == 0 || s.begin >= spans[kept - 1].end)
            spans[kept++] = s;
        else if(spans[kept - 1].what == kind::handle && s.what != kind::handle)
            spans[kept - 1] = s;
    spans.resize(kept);
    labels const l = labels_for(lang);
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;  // text[0, copied) is in `out`
    for(auto const& s : spans)
    {
        std::size_t const b = folded.original_begin(s.begin);
        out.append(text.substr(copied, b - copied)).append(s.what == kind::email ? l.email : s.what == kind::handle ? l.handle : l.phone);
        copied = folded.original_end(s.end - 1);
    }
    out.append(text.substr(copied));
    return out;
}

}  // namespace baro::text
