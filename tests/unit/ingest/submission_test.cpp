#include "ingest/inbound.hpp"
#include "ingest/pseudonym.hpp"
#include "ingest/submission.hpp"
#include "ingest/text_fields.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace baro;

namespace {
store::catalog demo()
{
    store::consultation_info open;
    open.id = 7;
    open.slug = "matransition";
    store::consultation_info closed;
    closed.id = 8;
    closed.slug = "old";
    closed.status = moderation::phase::closed;
    return {open, closed};
}
}  // namespace

TEST_CASE("a valid web submission becomes a row scoped to its consultation", "[ingest]")
{
    auto const row = ingest::prepare_web(demo(), {"matransition", "  An bɛ hɔrɔnya fɛ.  ", "segou", "n1", {}, {}});
    REQUIRE(row.ok());
    CHECK(row->consultation_id == 7);
    CHECK(row->channel == "web");
    CHECK(row->external_id == "matransition:n1");
    CHECK(row->raw == "  An bɛ hɔrɔnya fɛ.  ");
    CHECK(row->display_text == "An bɛ hɔrɔnya fɛ.");
    CHECK(row->region == "segou");
    CHECK(row->status == "new");
    CHECK(row->sender_key.empty());
}

TEST_CASE("without a nonce every web submission gets its own external id", "[ingest]")
{
    auto const a = ingest::prepare_web(demo(), {"matransition", "x", "", "", {}, {}});
    auto const b = ingest::prepare_web(demo(), {"matransition", "x", "", "", {}, {}});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->external_id != b->external_id);
}

TEST_CASE("each bad web submission is refused with its own code and field", "[ingest]")
{
    auto code = [](ingest::web_submission s) { return ingest::prepare_web(demo(), s).err(); };
    CHECK(code({"nope", "x", "", "", {}, {}}).code == errc::not_found);
    CHECK(code({"old", "x", "", "", {}, {}}).code == errc::conflict);
    CHECK(code({"matransition", " \n\t ", "", "", {}, {}}).code == errc::unprocessable);
    CHECK(code({"matransition", " \n\t ", "", "", {}, {}}).field == "text");
    CHECK(code({"matransition", std::string(5001, 'a'), "", "", {}, {}}).field == "text");
    CHECK(code({"matransition", "\xc3\x28", "", "", {}, {}}).code == errc::invalid_encoding);
    CHECK(code({"matransition", "ok", "atlantide", "", {}, {}}).field == "region");
    CHECK(ingest::prepare_web(demo(), {"matransition", std::string(5000, 'a'), "", "", {}, {}}).ok());
}

TEST_CASE("text checks count characters as a reader does", "[ingest]")
{
    CHECK(ingest::check_text(std::string(5000, 'a')).problem == ingest::text_problem::none);
    auto const long_text = ingest::check_text(std::string(5001, 'a'));
    CHECK(long_text.problem == ingest::text_problem::too_long);
    CHECK(long_text.chars == 5001);
    // 5,000 letters each with a combining tone mark are 5,000 characters, not 10,000.
    std::string toned;
    for(int i = 0; i < 5000; ++i)
        toned += "e\xcc\x80";
    CHECK(ingest::check_text(toned).problem == ingest::text_problem::none);
}

TEST_CASE("a sender pseudonym is a keyed HMAC: stable, and different under another pepper", "[ingest][privacy]")
{
    auto const a = ingest::sender_key(std::string(32, '\x01'), "+22370000000");
    CHECK(a.size() == 64);
    CHECK(a == ingest::sender_key(std::string(32, '\x01'), "+22370000000"));
    CHECK(a != ingest::sender_key(std::string(32, '\x02'), "+22370000000"));
    CHECK(a.find("70000000") == std::string::npos);
    CHECK(ingest::short_pseudonym(a).size() == 6);
}

TEST_CASE("a web submission carries its search key, language, script and suggested themes", "[ingest]")
{
    auto catalog = demo();
    catalog[0].themes.push_back({"securite", {}, {"sécurité"}, {"lakana", "kɛlɛ"}});
    catalog[0].themes.push_back({"education", {}, {"école", "éducation"}, {"kalan", "lakɔli"}});
    catalog[0].themes.push_back({"sante", {}, {"santé"}, {"kɛnɛya"}});
    ingest::prepare_catalog(catalog);
    REQUIRE(catalog[0].matcher);

    // A line of the Bayelemabaga corpus (dev.bam), as a citizen might send it.
    auto const bm = ingest::prepare_web(catalog, {"matransition", "Lakɔliw ka kan ka da wuli ani lakana ka sabati.", "", "b", {}, {}});
    REQUIRE(bm.ok());
    CHECK(bm->language == "bm");
    CHECK(bm->script == "Latn");
    CHECK(bm->search_key == "lakoliw ka kan ka da wuli ani lakana ka sabati.");
    CHECK(bm->suggested_themes == std::vector<std::string>{"securite", "education"});

    auto const fr = ingest::prepare_web(catalog, {"matransition", "Il faut des écoles et la SÉCURITÉ partout. #santé", "", "f", {}, {}});
    REQUIRE(fr.ok());
    CHECK(fr->language == "fr");
    CHECK(fr->suggested_themes == std::vector<std::string>{"securite", "education", "sante"});
}

TEST_CASE("the empty and too-long checks look at the cleaned text", "[ingest]")
{
    CHECK(ingest::prepare_web(demo(), {"matransition", " \u200b\t\r\n ", "", "", {}, {}}).err().field == "text");
    auto const long_text = ingest::prepare_web(demo(), {"matransition", std::string(5001, 'a'), "", "", {}, {}});
    REQUIRE_FALSE(long_text.ok());
    CHECK(long_text.err().message.find("5001") != std::string::npos);
}

TEST_CASE("a NUL in a web text is removed from the raw text, the display text and the search key", "[ingest][regression]")
{
    auto const row = ingest::prepare_web(demo(), {"matransition", std::string("x\0y ɲɛ", 8), "", std::string("n\0ul", 4), {}, {}});
    REQUIRE(row.ok());
    CHECK(row->raw == "xy ɲɛ");
    CHECK(row->external_id == "matransition:nul");
    CHECK(row->display_text.find('\0') == std::string::npos);
    CHECK(row->search_key.find('\0') == std::string::npos);
}

TEST_CASE("storable keeps every byte but NUL", "[ingest]")
{
    CHECK(ingest::storable(std::string("\0a\0\0b\0", 6)) == "ab");
    CHECK(ingest::storable("ɲɛ\t\n") == "ɲɛ\t\n");
    CHECK(ingest::storable("").empty());
}

TEST_CASE("a message for a closed consultation stays in the unrouted inbox, flagged with its slug", "[ingest]")
{
    auto catalog = demo();
    catalog[1].sms_keyword = "OLD";
    catalog[1].recipients = {"+22370000099"};
    channels::inbound_message m;
    m.channel = "sms";
    m.provider = "twilio";
    m.external_id = "SM1";
    m.sender_id = "+22376000000";
    m.text = "OLD an bɛ hɔrɔnya fɛ";
    auto const by_keyword = ingest::prepare_inbound(catalog, m, "pepper");
    REQUIRE(by_keyword.ok());
    CHECK_FALSE(by_keyword->consultation_id);
    CHECK(by_keyword->flags.back() == "closed:old");

    m.text = "an bɛ hɔrɔnya fɛ";
    m.recipient = "+22370000099";
    auto const routed = ingest::route(catalog, m);
    CHECK(routed.consultation == nullptr);
    REQUIRE(routed.closed != nullptr);
    CHECK(routed.closed->slug == "old");
}

TEST_CASE("a consultation closes when its closing time passes, without a reload", "[ingest]")
{
    auto catalog = demo();
    auto const now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    catalog[0].closes_at = now.count() - 1;
    CHECK_FALSE(catalog[0].open());
    CHECK(ingest::prepare_web(catalog, {"matransition", "x", "", "", {}, {}}).err().code == errc::conflict);
    catalog[0].closes_at = now.count() + 3600;
    CHECK(catalog[0].open());
}

TEST_CASE("the default consultation takes unrouted messages when several are open", "[ingest]")
{
    auto catalog = demo();
    catalog[1].status = moderation::phase::open;
    channels::inbound_message m;
    m.text = "bonjour";
    CHECK(ingest::route(catalog, m).consultation == nullptr);
    catalog[1].default_unrouted = true;
    REQUIRE(ingest::route(catalog, m).consultation != nullptr);
    CHECK(ingest::route(catalog, m).consultation->slug == "old");
}

TEST_CASE("a voice note without text is a contribution with an empty text; nothing at all is not", "[ingest][media]")
{
    auto const catalog = demo();
    channels::inbound_message m;
    m.channel = "whatsapp";
    m.provider = "meta";
    m.external_id = "wamid.A";
    m.sender_id = "+22376000000";
    auto const empty = ingest::prepare_inbound(catalog, m, "pepper");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.err().code == errc::unprocessable);

    m.media = channels::media_ref{"audio", "1029384756", "audio/ogg"};
    auto const voice = ingest::prepare_inbound(catalog, m, "pepper");
    REQUIRE(voice.ok());
    CHECK(voice->display_text.empty());
    CHECK(voice->external_id == "meta:wamid.A");
    CHECK(voice->raw.empty());
    CHECK_FALSE(voice->media);  // sealed and attached by deliver(), which holds the outbox key
}

TEST_CASE("the optional answers are kept only when the consultation asks them, and checked", "[ingest][demographics]")
{
    auto catalog = demo();
    auto off = ingest::prepare_web(catalog, {"matransition", "x", "", "", "woman", "25_34"});
    REQUIRE(off);
    CHECK(off->gender.empty());
    CHECK(off->age_band.empty());
    catalog.front().demographics = {true, true};
    auto on = ingest::prepare_web(catalog, {"matransition", "x", "", "", "woman", "unsaid"});
    REQUIRE(on);
    CHECK(on->gender == "woman");
    CHECK(on->age_band == "unsaid");
    CHECK(ingest::prepare_web(catalog, {"matransition", "x", "", "", "other", ""}).err().field == "gender");
    CHECK(ingest::prepare_web(catalog, {"matransition", "x", "", "", "", "12"}).err().field == "age_band");
    auto none = ingest::prepare_web(catalog, {"matransition", "x", "", "", "", ""});
    REQUIRE(none);
    CHECK(none->gender.empty());
}
