#include "channels/ussd_flow.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace baro::channels;

namespace {

std::vector<ussd_theme> const themes = {
    {"securite", "Sécurité", "Lakana"},
    {"education", "Éducation", "Kalan"},
    {"elections", "Élections", "Kalata"},
};

std::string_view screen_of(std::string const& reply) { return std::string_view(reply).substr(4); }

// Plays one step the way ingest will: the stored state goes back in at the next step.
struct session
{
    explicit session(std::vector<ussd_theme> t) : themes(std::move(t)) {}

    std::vector<ussd_theme> themes;
    std::string id = "ATUid_1";
    std::optional<ussd_state> stored;
    baro::demographic_questions questions;

    ussd_outcome step(std::string_view history)
    {
        auto out = ussd_advance(themes, id, history, stored, questions);
        // What comes back from storage is the JSON the server wrote.
        stored = nlohmann::json(out.state).get<ussd_state>();
        return out;
    }
};

}  // namespace

TEST_CASE("a USSD session goes from language to theme to message and ends with a contribution", "[channels][ussd]")
{
    session s{themes};
    auto a = s.step("");
    CHECK(a.reply.rfind("CON ", 0) == 0);
    CHECK(a.reply.find("1 Français") != std::string::npos);
    CHECK(a.reply.find("2 Bamanankan") != std::string::npos);
    CHECK_FALSE(a.contribution);

    auto b = s.step("2");
    CHECK(b.reply.rfind("CON Barokun sugandi:", 0) == 0);
    CHECK(b.reply.find("1 Lakana\n2 Kalan\n3 Kalata") != std::string::npos);

    auto c = s.step("2*3");
    CHECK(c.reply == "CON I ka kuma sɛbɛn:");

    auto d = s.step("2*3*An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");
    CHECK(d.reply.rfind("END ", 0) == 0);
    REQUIRE(d.contribution);
    CHECK(d.contribution->language == "bm");
    CHECK(d.contribution->theme_slug == "elections");
    CHECK(d.contribution->text == "An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.");

    for(auto const* o : {&a, &b, &c, &d})
        CHECK(ussd_fits(screen_of(o->reply)));
}

TEST_CASE("a '*' typed in the USSD message stays in the message", "[channels][ussd]")
{
    session s{themes};
    s.step("");
    s.step("1");
    s.step("1*1");
    auto const done = s.step("1*1*prix * 2 au marché");
    REQUIRE(done.contribution);
    CHECK(done.contribution->language == "fr");
    CHECK(done.contribution->theme_slug == "securite");
    CHECK(done.contribution->text == "prix * 2 au marché");
}

TEST_CASE("invalid USSD choices re-ask with a short error", "[channels][ussd]")
{
    session s{themes};
    s.step("");
    auto const bad_language = s.step("7");
    CHECK(bad_language.reply.rfind("CON Choix invalide / A ma ɲɛ.\n", 0) == 0);
    CHECK(bad_language.reply.find("1 Français") != std::string::npos);

    auto const french = s.step("7*1");
    CHECK(french.reply.rfind("CON Choisissez un thème :", 0) == 0);

    auto const bad_theme = s.step("7*1*9");
    CHECK(bad_theme.reply.rfind("CON Choix invalide.\nChoisissez un thème :", 0) == 0);
    auto const letters = s.step("7*1*9*abc");
    CHECK(letters.reply.rfind("CON Choix invalide.\n", 0) == 0);

    auto const theme = s.step("7*1*9*abc*2");
    CHECK(theme.reply == "CON Écrivez votre message :");
    auto const empty = s.step("7*1*9*abc*2*  ");
    CHECK(empty.reply == "CON Message vide.\nÉcrivez votre message :");
    CHECK_FALSE(empty.contribution);

    auto const done = s.step("7*1*9*abc*2*  *L'école d'abord");
    REQUIRE(done.contribution);
    CHECK(done.contribution->theme_slug == "education");
    CHECK(done.contribution->text == "L'école d'abord");
}

TEST_CASE("an expired or unknown USSD session restarts cleanly at the language menu", "[channels][ussd]")
{
    auto const expired = ussd_advance(themes, "ATUid_1", "1*2", std::nullopt);
    CHECK(expired.reply.rfind("CON Nouvelle session", 0) == 0);
    CHECK(expired.reply.find("1 Français") != std::string::npos);
    CHECK_FALSE(expired.contribution);
    CHECK(expired.state.step == ussd_step::language);

    // The answers typed before the restart are ignored; the next one is the language.
    auto const next = ussd_advance(themes, "ATUid_1", "1*2*2", expired.state);
    CHECK(next.reply.rfind("CON Barokun sugandi:", 0) == 0);

    // A state stored for another session is not used.
    ussd_state foreign = next.state;
    foreign.session_id = "ATUid_other";
    CHECK(ussd_advance(themes, "ATUid_1", "1*2*2*1", foreign).reply.rfind("CON Nouvelle session", 0) == 0);

    // Nor one that points at a theme the consultation no longer has.
    ussd_state stale = next.state;
    stale.step = ussd_step::message;
    stale.theme_slug = "retired";
    CHECK(ussd_advance(themes, "ATUid_1", "1*2*2*1", stale).state.step == ussd_step::language);

    CHECK_FALSE(ussd_state_from_text("{\"step\":\"nowhere\"}"));
    CHECK_FALSE(ussd_state_from_text("not json"));
}

TEST_CASE("a USSD consultation with one theme or none skips the theme menu", "[channels][ussd]")
{
    session one{{{"paix", "Paix", "Hɛrɛ"}}};
    one.step("");
    CHECK(one.step("1").reply == "CON Écrivez votre message :");
    auto const done = one.step("1*La paix");
    REQUIRE(done.contribution);
    CHECK(done.contribution->theme_slug == "paix");

    session none{{}};
    none.step("");
    none.step("2");
    auto const free = none.step("2*I ni ce");
    REQUIRE(free.contribution);
    CHECK(free.contribution->theme_slug.empty());
}

TEST_CASE("many USSD themes are paged so that every screen fits", "[channels][ussd]")
{
    std::vector<ussd_theme> many;
    for(int i = 1; i <= 20; ++i)
        many.push_back({"t" + std::to_string(i), "Thème numéro " + std::to_string(i) + " de la consultation",
                        "Barokun " + std::to_string(i) + " ɲɛnajɛ ka bɔ sɔrɔ"});
    for(std::string lang : {"1", "2"})
    {
        session s{many};
        s.step("");
        std::string history = lang;
        auto screen = s.step(history);
        CHECK(ussd_fits(screen_of(screen.reply)));
        std::size_t pages = 1;
        while(screen.reply.find("\n20 ") == std::string::npos && pages < 30)
        {
            history += "*0";
            screen = s.step(history);
            CHECK(ussd_fits(screen_of(screen.reply)));
            ++pages;
        }
        CHECK(pages > 1);
        CHECK(pages < 30);
        auto const chosen = s.step(history + "*20");
        CHECK(chosen.state.theme_slug == "t20");
    }
}

TEST_CASE("a USSD screen's limit depends on whether it needs UCS-2", "[channels][ussd]")
{
    CHECK(ussd_fits(std::string(182, 'a')));
    CHECK_FALSE(ussd_fits(std::string(183, 'a')));
    CHECK(ussd_fits(std::string(91, '{')));  // extension characters take two septets
    CHECK_FALSE(ussd_fits(std::string(92, '{')));
    CHECK(ussd_fits(std::string(78, 'a') + "ɛ"));
    CHECK_FALSE(ussd_fits(std::string(80, 'a') + "ɛ"));
}

TEST_CASE("a USSD state survives its JSON round trip", "[channels][ussd]")
{
    ussd_state s{"ATUid_9", ussd_step::theme, "bm", "", 3, 1, "woman", ""};
    auto const back = ussd_state_from_text(nlohmann::json(s).dump());
    REQUIRE(back);
    CHECK(back->session_id == "ATUid_9");
    CHECK(back->step == ussd_step::theme);
    CHECK(back->language == "bm");
    CHECK(back->consumed == 3);
    CHECK(back->page == 1);
    CHECK(back->gender == "woman");
    CHECK(back->age_band.empty());
}

TEST_CASE("the closed consultation's USSD screen ends the session, in both languages, on one screen", "[channels][ussd]")
{
    auto const screen = ussd_closed_screen();
    CHECK(screen.substr(0, 4) == "END ");
    CHECK(screen.find("close") != std::string_view::npos);
    CHECK(screen.find("datugura") != std::string_view::npos);
    CHECK(ussd_fits(std::string(screen.substr(4))));
}

TEST_CASE("with the optional questions on, USSD asks consent, gender and age band before the message", "[channels][ussd]")
{
    for(auto const* lang : {"1", "2"})
    {
        session s{themes};
        s.questions = {true, true};
        s.step("");
        s.step(lang);
        auto const h = std::string(lang) + "*2";
        auto consent = s.step(h);
        CHECK(consent.state.step == ussd_step::consent);
        CHECK(consent.reply.find("10") != std::string::npos);  // the consent says what is published
        auto gender = s.step(h + "*1");
        CHECK(gender.state.step == ussd_step::gender);
        auto age = s.step(h + "*1*1");
        CHECK(age.state.step == ussd_step::age_band);
        auto message = s.step(h + "*1*1*4");
        CHECK(message.state.step == ussd_step::message);
        auto done = s.step(h + "*1*1*4*Kalan ka ɲɛ");
        REQUIRE(done.contribution);
        CHECK(done.contribution->theme_slug == "education");
        CHECK(done.contribution->gender == "woman");
        CHECK(done.contribution->age_band == "50_plus");
        CHECK(done.contribution->text == "Kalan ka ɲɛ");
        for(auto const* o : {&consent, &gender, &age, &message})
            CHECK(ussd_fits(screen_of(o->reply)));
    }
}

TEST_CASE("USSD optional questions can be skipped, answered 'prefer not to say', and re-ask on a bad answer", "[channels][ussd]")
{
    session skip{themes};
    skip.questions = {true, true};
    skip.step("");
    skip.step("1");
    skip.step("1*1");
    auto const skipped = skip.step("1*1*2");
    CHECK(skipped.state.step == ussd_step::message);
    auto const stored = skip.step("1*1*2*Sécurité d'abord");
    REQUIRE(stored.contribution);
    CHECK(stored.contribution->gender.empty());
    CHECK(stored.contribution->age_band.empty());

    session unsaid{themes};
    unsaid.questions = {true, false};
    unsaid.step("");
    unsaid.step("2");
    unsaid.step("2*1");
    unsaid.step("2*1*1");
    auto const bad = unsaid.step("2*1*1*7");
    CHECK(bad.state.step == ussd_step::gender);
    CHECK(bad.reply.rfind("CON A ma ɲɛ.", 0) == 0);
    CHECK(ussd_fits(screen_of(bad.reply)));
    auto const message = unsaid.step("2*1*1*7*3");
    CHECK(message.state.step == ussd_step::message);  // no age band asked
    auto const done = unsaid.step("2*1*1*7*3*Lakana");
    REQUIRE(done.contribution);
    CHECK(done.contribution->gender == "unsaid");
    CHECK(done.contribution->age_band.empty());
}

TEST_CASE("with the optional questions off, USSD goes from theme straight to the message", "[channels][ussd]")
{
    session s{themes};
    s.step("");
    s.step("1");
    CHECK(s.step("1*3").state.step == ussd_step::message);
}

TEST_CASE("every error screen of the optional USSD questions fits one screen", "[channels][ussd]")
{
    for(auto const* lang : {"1", "2"})
    {
        session s{themes};
        s.questions = {true, true};
        s.step("");
        s.step(lang);
        auto const h = std::string(lang) + "*1";
        s.step(h);
        CHECK(ussd_fits(screen_of(s.step(h + "*9").reply)));
        CHECK(ussd_fits(screen_of(s.step(h + "*9*1*9").reply)));
        CHECK(ussd_fits(screen_of(s.step(h + "*9*1*9*1*9").reply)));
    }
}
