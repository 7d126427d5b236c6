#include "channels/ussd_flow.hpp"

#include "core/ascii.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace baro::channels {

namespace {

constexpr std::size_t max_label_chars = 20;  // two per page even in UCS-2 (80 characters)

// Wording of each screen; the Bambara is plain and short on purpose (USSD screens are small).
struct wording
{
    std::string_view choose_theme, next_page, invalid, write_message, empty_message, thanks;
    // The optional questions (issue 14): their consent first, then one screen each; the answers
    // follow the order of gender_answers and age_band_answers.
    std::string_view consent, gender, age_band;
};
constexpr wording french{"Choisissez un thème :",
                         "0 Suite",
                         "Choix invalide.",
                         "Écrivez votre message :",
                         "Message vide.",
                         "Merci ! Votre avis est bien reçu.",
                         "2 questions facultatives sur vous. Seuls des totaux de 10 personnes ou plus sont publiés.\n"
                         "1 Répondre\n2 Passer",
                         "Vous êtes :\n1 Femme\n2 Homme\n3 Ne pas répondre",
                         "Age :\n1 Moins de 25 ans\n2 25-34 ans\n3 35-49 ans\n4 50 ans et plus\n5 Ne pas répondre"};
constexpr wording bambara{"Barokun sugandi:",
                          "0 A tɔ",
                          "A ma ɲɛ.",
                          "I ka kuma sɛbɛn:",
                          "Kuma tɛ yen.",
                          "I ni ce! I ka kuma sɔrɔla.",
                          "Ɲininkali 2, i sago. Mɔgɔ 10 jate dɔrɔn bɛ jira.\n1 Jaabi\n2 Tɛmɛ",
                          "I ye:\n1 Muso\n2 Cɛ\n3 N t'a fɔ",
                          "I si:\n1 San 25 kɔnɔ\n2 San 25-34\n3 San 35-49\n4 San 50 ni kɔ\n5 N t'a fɔ"};
constexpr std::string_view language_menu = "I hakilina di / Donnez votre avis\n1 Français\n2 Bamanankan";
constexpr std::string_view language_invalid = "Choix invalide / A ma ɲɛ.";
constexpr std::string_view session_restarted = "Nouvelle session / Kura.";
constexpr std::string_view closed_screen = "END Cette consultation est close. Merci !\nƝininkali nin datugura. I ni ce!";

wording const& words(std::string_view language) { return language == "bm" ? bambara : french; }

// Decodes one code point; an invalid byte counts as one unknown character.
std::uint32_t next_code_point(std::string_view s, std::size_t& i)
{
    auto const b = static_cast<unsigned char>(s[i]);
    std::size_t const len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if(len == 0 || i + len > s.size())
    {
        ++i;
        return 0xFFFD;
    }
    std::uint32_t cp = len == 1 ? b : b & (0x7F >> len);
    for(std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

// GSM 03.38 default alphabet (one septet) and its extension table (two septets).
constexpr std::u32string_view gsm_basic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    U"¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view gsm_extended = U"^{}\\[~]|€\f";

std::string truncate_chars(std::string_view s, std::size_t max_chars)
{
    std::size_t i = 0, n = 0;
    while(i < s.size() && n < max_chars)
    {
        next_code_point(s, i);
        ++n;
    }
    return std::string(s.substr(0, i));
}

std::vector<std::string_view> split_history(std::string_view history)
{
    std::vector<std::string_view> parts;
    if(history.empty())
        return parts;
    for(;;)
    {
        auto const star = history.find('*');
        parts.push_back(history.substr(0, star));
        if(star == std::string_view::npos)
            return parts;
        history.remove_prefix(star + 1);
    }
}

// A small positive number typed on a keypad; 0 when it is anything else.
std::size_t choice(std::string_view input)
{
    input = trim_ascii(input);
    if(input.empty() || input.size() > 3 ||
       ! std::all_of(input.begin(), input.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    std::size_t n = 0;
    for(char c : input)
        n = n * 10 + static_cast<std::size_t>(c - '0');
    return n;
}

std::string theme_line(std::vector<ussd_theme> const& themes, std::size_t i, std::string_view language)
{
    auto const& t = themes[i];
    std::string_view label = language == "bm" && ! t.label_bm.empty() ? t.label_bm : t.label_fr;
    if(label.empty())
        label = t.label_bm.empty() ? std::string_view(t.slug) : std::string_view(t.label_bm);
    return std::to_string(i + 1) + " " + truncate_chars(label, max_label_chars);
}

// Page boundaries of the theme menu. Room for the error line is always kept, so pages do not move
// between a screen with an error and one without.
std::vector<std::pair<std::size_t, std::size_t>> theme_pages(std::vector<ussd_theme> const& themes, std::string_view language)
{
    auto const& w = words(language);
    std::string const header = std::string(w.invalid) + "\n" + std::string(w.choose_theme);
    std::vector<std::pair<std::size_t, std::size_t>> pages;
    for(std::size_t begin = 0; begin < themes.size();)
    {
        std::string body = header;
        std::size_t end = begin;
        while(end < themes.size())
        {
            auto const candidate = body + "\n" + theme_line(themes, end, language);
            bool const more = end + 1 < themes.size();
            if(! ussd_fits(more ? candidate + "\n" + std::string(w.next_page) : candidate))
                break;
            body = candidate;
            ++end;
        }
        end = std::max(end, begin + 1);
        pages.emplace_back(begin, end);
        begin = end;
    }
    return pages;
}

std::string screen(std::string_view error, std::string_view body)
{
    std::string out = "CON ";
    if(! error.empty())
        out.append(error).append("\n");
    return out.append(body);
}

std::string theme_menu(std::vector<ussd_theme> const& themes, ussd_state const& s, std::string_view error)
{
    auto const pages = theme_pages(themes, s.language);
    auto const& w = words(s.language);
    auto const [begin, end] = pages.at(s.page);
    std::string body(w.choose_theme);
    for(auto i = begin; i < end; ++i)
        body += "\n" + theme_line(themes, i, s.language);
    if(pages.size() > 1)
        body += "\n" + std::string(w.next_page);
    return screen(error, body);
}

std::string prompt(std::vector<ussd_theme> const& themes, ussd_state const& s, std::string_view error)
{
    switch(s.step)
    {
    case ussd_step::language: return screen(error, language_menu);
    case ussd_step::theme: return theme_menu(themes, s, error);
    case ussd_step::consent: return screen(error, words(s.language).consent);
    case ussd_step::gender: return screen(error, words(s.language).gender);
    case ussd_step::age_band: return screen(error, words(s.language).age_band);
    case ussd_step::message: break;
    }
    return screen(error, words(s.language).write_message);
}

bool known_theme(std::vector<ussd_theme> const& themes, std::string_view slug)
{
    return std::any_of(themes.begin(), themes.end(), [&](ussd_theme const& t) { return t.slug == slug; });
}

// A stored state is used only if it belongs to this session and still makes sense for these themes.
bool usable(ussd_state const& s, std::vector<ussd_theme> const& themes, demographic_questions const& q,
            std::string_view session_id, std::size_t answers)
{
    if(s.session_id != session_id || s.consumed > answers)
        return false;
    bool const has_language = s.language == "fr" || s.language == "bm";
    bool const has_theme = has_language && (s.theme_slug.empty() ? themes.empty() : known_theme(themes, s.theme_slug));
    switch(s.step)
    {
    case ussd_step::language: return s.language.empty();
    case ussd_step::theme: return has_language && themes.size() > 1 && s.page < theme_pages(themes, s.language).size();
    case ussd_step::consent: return has_theme && q.any();
    case ussd_step::gender: return has_theme && q.gender;
    case ussd_step::age_band: return has_theme && q.age_band;
    case ussd_step::message: return has_theme;
    }
    return false;
}

// What follows the theme: the consent of the optional questions when the consultation asks any.
ussd_step after_theme(demographic_questions const& q) { return q.any() ? ussd_step::consent : ussd_step::message; }

// The n-th answer (from 1) of a question's menu, or empty when `input` is not one of them.
template<std::size_t N>
std::string_view answer_of(std::string_view const (&answers)[N], std::string_view input)
{
    auto const n = choice(input);
    return n >= 1 && n <= N ? answers[n - 1] : std::string_view();
}

void answer_question(demographic_questions const& q, ussd_state& s, std::string_view input, std::string_view& error)
{
    if(s.step == ussd_step::consent)
    {
        auto const n = choice(input);
        if(n != 1 && n != 2)
            error = words(s.language).invalid;
        else
            s.step = n == 2 ? ussd_step::message : q.gender ? ussd_step::gender : ussd_step::age_band;
        return;
    }
    bool const gender = s.step == ussd_step::gender;
    auto const a = gender ? answer_of(gender_answers, input) : answer_of(age_band_answers, input);
    if(a.empty())
    {
        error = words(s.language).invalid;
        return;
    }
    (gender ? s.gender : s.age_band) = std::string(a);
    s.step = gender && q.age_band ? ussd_step::age_band : ussd_step::message;
}

void choose_language(std::vector<ussd_theme> const& themes, demographic_questions const& q, ussd_state& s,
                     std::string_view input, std::string_view& error)
{
    auto const n = choice(input);
    if(n != 1 && n != 2)
    {
        error = language_invalid;
        return;
    }
    s.language = n == 1 ? "fr" : "bm";
    s.step = themes.size() > 1 ? ussd_step::theme : after_theme(q);
    s.page = 0;
    if(themes.size() == 1)
        s.theme_slug = themes.front().slug;
}

void choose_theme(std::vector<ussd_theme> const& themes, demographic_questions const& q, ussd_state& s,
                  std::string_view input, std::string_view& error)
{
    auto const n = choice(input);
    auto const page_count = theme_pages(themes, s.language).size();
    if(trim_ascii(input) == "0" && page_count > 1)
    {
        s.page = (s.page + 1) % page_count;
        return;
    }
    if(n < 1 || n > themes.size())
    {
        error = words(s.language).invalid;
        return;
    }
    s.theme_slug = themes[n - 1].slug;
    s.step = after_theme(q);
}

std::string_view step_name(ussd_step step)
{
    switch(step)
    {
    case ussd_step::language: return "language";
    case ussd_step::theme: return "theme";
    case ussd_step::consent: return "consent";
    case ussd_step::gender: return "gender";
    case ussd_step::age_band: return "age_band";
    case ussd_step::message: return "message";
    }
    return "language";
}

}  // namespace

bool ussd_fits(std::string_view screen)
{
    std::size_t septets = 0, utf16_units = 0;
    bool gsm = true;
    for(std::size_t i = 0; i < screen.size();)
    {
        auto const cp = next_code_point(screen, i);
        utf16_units += cp > 0xFFFF ? 2 : 1;
        if(gsm_basic.find(static_cast<char32_t>(cp)) != std::u32string_view::npos)
            septets += 1;
        else if(gsm_extended.find(static_cast<char32_t>(cp)) != std::u32string_view::npos)
            septets += 2;
        else
            gsm = false;
    }
    return gsm ? septets <= ussd_max_gsm_chars : utf16_units <= ussd_max_ucs2_chars;
}

void to_json(nlohmann::json& j, ussd_state const& s)
{
    j = nlohmann::json{{"session_id", s.session_id}, {"step", step_name(s.step)}, {"language", s.language},
                       {"theme", s.theme_slug},      {"consumed", s.consumed},    {"page", s.page},
                       {"gender", s.gender},         {"age_band", s.age_band}};
}

void from_json(nlohmann::json const& j, ussd_state& s)
{
    auto const step = j.at("step").get<std::string>();
    if(step == "language")
        s.step = ussd_step::language;
    else if(step == "theme")
        s.step = ussd_step::theme;
    else if(step == "consent")
        s.step = ussd_step::consent;
    else if(step == "gender")
        s.step = ussd_step::gender;
    else if(step == "age_band")
        s.step = ussd_step::age_band;
    else if(step == "message")
        s.step = ussd_step::message;
    else
        throw nlohmann::json::other_error::create(501, "unknown USSD step " + step, &j);
    s.session_id = j.at("session_id").get<std::string>();
    s.language = j.at("language").get<std::string>();
    s.theme_slug = j.at("theme").get<std::string>();
    s.consumed = j.at("consumed").get<std::size_t>();
    s.page = j.at("page").get<std::size_t>();
    s.gender = j.value("gender", std::string());
    s.age_band = j.value("age_band", std::string());
    // A stored answer is one the menus offer, or none.
    if(! s.gender.empty() && ! is_gender_answer(s.gender))
        s.gender.clear();
    if(! s.age_band.empty() && ! is_age_band_answer(s.age_band))
        s.age_band.clear();
}

std::optional<ussd_state> ussd_state_from_text(std::string_view text)
{
    auto const j = nlohmann::json::parse(text, nullptr, false);
    if(j.is_discarded())
        return std::nullopt;
    try
    {
        return j.get<ussd_state>();
    }
    catch(nlohmann::json::exception const&)
    {
        return std::nullopt;
    }
}

ussd_outcome ussd_advance(std::vector<ussd_theme> const& themes, std::string_view session_id, std::string_view history,
                          std::optional<ussd_state> const& stored, demographic_questions const& questions)
{
    auto const answers = split_history(history);
    ussd_outcome out;
    if(! stored || ! usable(*stored, themes, questions, session_id, answers.size()))
    {
        out.state.session_id = std::string(session_id);
        out.state.consumed = answers.size();
        out.reply = screen(answers.empty() ? "" : session_restarted, language_menu);
        return out;
    }

    auto& s = out.state = *stored;
    std::string_view error;
    while(s.consumed < answers.size())
    {
        error = {};
        if(s.step == ussd_step::message)
        {
            // The message is everything after the menus: a '*' the citizen typed is part of it.
            std::string text;
            for(auto i = s.consumed; i < answers.size(); ++i)
                text.append(i == s.consumed ? "" : "*").append(answers[i]);
            s.consumed = answers.size();
            if(trim_ascii(text).empty())
            {
                error = words(s.language).empty_message;
                break;
            }
            out.contribution = ussd_contribution{s.language, s.theme_slug, std::string(trim_ascii(text)), s.gender, s.age_band};
            out.reply = "END " + std::string(words(s.language).thanks);
            return out;
        }
        auto const input = answers[s.consumed++];
        if(s.step == ussd_step::language)
            choose_language(themes, questions, s, input, error);
        else if(s.step == ussd_step::theme)
            choose_theme(themes, questions, s, input, error);
        else
            answer_question(questions, s, input, error);
    }
    out.reply = prompt(themes, s, error);
    return out;
}

std::string_view ussd_closed_screen() { return closed_screen; }

}  // namespace baro::channels
