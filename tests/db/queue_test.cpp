// The moderation queue's counts (sql/008, kept by triggers) and duplicate groups (sql/009, the grouper).
#include "core/crypto.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"
#include "store/duplicate_grouper.hpp"
#include "store/queue.hpp"
#include "test_database.hpp"
#include "text/search_key.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <map>

using namespace baro;
using nlohmann::json;

namespace {

std::string quoted(std::string const& s)
{
    std::string out = "'";
    for(char c : s)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::int64_t add(std::int64_t consultation, std::string const& text, std::string const& channel = "web",
                 std::string const& language = "fr", std::string const& status = "new", std::string const& sender = "")
{
    return std::stoll(
        testing::scalar("insert into contribution (consultation_id, channel, external_id, sender_key, display_text, search_key,"
                        " language, status, themes) values (" +
                        std::to_string(consultation) + ", " + quoted(channel) + ", " + quoted(crypto::random_hex(8)) + ", " +
                        (sender.empty() ? "null" : quoted(sender)) + ", " + quoted(text) + ", " + quoted(text::search_key(text)) +
                        ", " + quoted(language) + ", " + quoted(status) + ", '{securite}') returning id"));
}

json list(store::queue_filter f)
{
    store::database db(testing::database_url(), 1);
    std::promise<result<json>> p;
    auto fut = p.get_future();
    store::list_queue(db, std::move(f), [&p](result<json> r) { p.set_value(std::move(r)); });
    auto r = fut.get();
    db.stop();
    REQUIRE(r.ok());
    return *r;
}

std::map<std::string, std::int64_t> counted(std::int64_t consultation, std::string const& extra = "")
{
    std::map<std::string, std::int64_t> out;
    auto const j = json::parse(
        testing::scalar("select coalesce(json_object_agg(status, n), '{}') from (select status, count(*) as n from contribution"
                        " where consultation_id = " +
                        std::to_string(consultation) + extra + " group by status) s"));
    for(auto const& [k, v] : j.items())
        out[k] = v.get<std::int64_t>();
    return out;
}

std::map<std::string, std::int64_t> as_map(json const& counts)
{
    std::map<std::string, std::int64_t> out;
    for(auto const& [k, v] : counts.items())
        out[k] = v.get<std::int64_t>();
    return out;
}

}  // namespace

TEST_CASE("queue counts stay exact through inserts, decisions and erasure", "[db][queue]")
{
    auto const c = testing::new_consultation();
    for(int i = 0; i < 7; ++i)
        add(c, "Texte numéro " + std::to_string(i), i % 2 ? "sms" : "web", i % 3 ? "fr" : "bm");
    testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, language)"
                  " select " +
                  std::to_string(c) + ", 'telegram', 'bulk-" + std::to_string(c) +
                  "-' || g, 'Bulk ' || g, 'bm'"
                  " from generate_series(1, 40) g");
    testing::exec("update contribution set status = 'published' where consultation_id = " + std::to_string(c) +
                  " and channel = 'telegram' and external_id like '%-1_'");
    testing::exec("update contribution set tags = '{x}' where consultation_id = " + std::to_string(c));  // no counted column
    testing::exec("delete from contribution where consultation_id = " + std::to_string(c) + " and channel = 'sms'");

    store::queue_filter f;
    f.consultation_id = c;
    CHECK(store::counts_are_exact(f));
    auto const all = list(f);
    CHECK(as_map(all["counts"]) == counted(c));
    CHECK(all["counts"]["published"] == 10);
    CHECK(all["counts_capped"] == false);

    store::queue_filter everything;  // no filter at all: every consultation's counts
    auto const all_counts = as_map(list(everything)["counts"]);
    CHECK(all_counts.at("published") >= 10);

    f.theme = "securite";
    CHECK(as_map(list(f)["counts"]) == counted(c, " and 'securite' = any(themes)"));
    f.theme.clear();

    f.language = "bm";
    f.status = "new";  // the counts ignore the status filter: they are the tabs
    CHECK(as_map(list(f)["counts"]) == counted(c, " and language = 'bm'"));
    f.channel = "telegram";
    CHECK(as_map(list(f)["counts"]) == counted(c, " and language = 'bm' and channel = 'telegram'"));

    // Folding the deltas into the kept rows (sql/035) changes no count.
    CHECK(testing::scalar("select count(*) from queue_count_delta where consultation_id = " + std::to_string(c)) != "0");
    CHECK(std::stoll(testing::scalar("select queue_count_fold()")) > 0);
    CHECK(testing::scalar("select count(*) from queue_count_delta where consultation_id = " + std::to_string(c)) == "0");
    CHECK(as_map(list(f)["counts"]) == counted(c, " and language = 'bm' and channel = 'telegram'"));
    f.channel.clear();
    f.language.clear();
    CHECK(as_map(list(f)["counts"]) == counted(c));
    f.theme = "securite";
    CHECK(as_map(list(f)["counts"]) == counted(c, " and 'securite' = any(themes)"));
}

// sql/030 plans an insert's counter updates once instead of per statement: the kept counts must stay
// those of a count from scratch, for every key the old dynamic statements wrote.
TEST_CASE("a multi-row insert keeps queue and theme counts equal to a count from scratch", "[db][queue]")
{
    auto const c = std::to_string(testing::new_consultation());
    for(int round = 0; round < 2; ++round)  // the second statement runs the plan the first one made
        testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, language, region,"
                      " status, themes, suggested_themes) select " +
                      c + ", (array['web','sms','ussd'])[1 + g % 3], 'multi-" + c + "-" + std::to_string(round) +
                      "-' || g, 'Texte ' || g, (array['fr','bm'])[1 + g % 2],"
                      " case when g % 4 = 0 then null else 'kayes' end, (array['new','spam','published'])[1 + g % 3],"
                      " case when g % 5 = 0 then '{securite}'::text[] else '{}' end,"
                      " case when g % 2 = 0 then '{securite,sante}'::text[] else '{}' end from generate_series(1, 60) g");
    auto const mismatches = [](std::string const& kept, std::string const& fresh) {
        return testing::scalar(
            "with kept as (" + kept + "), fresh as (" + fresh +
            ") select count(*) from ((table fresh except table kept) union all (table kept except table fresh)) x");
    };
    auto const exact = [&] {
        return mismatches("select channel, status, language, region, sum(n) from queue_counts where consultation_id = " + c +
                              " group by 1, 2, 3, 4 having sum(n) <> 0",
                          "select channel, status, language, region, count(*) from contribution where consultation_id = " +
                              c + " group by 1, 2, 3, 4") == "0" &&
               mismatches("select theme, status, sum(n) from queue_theme_counts where consultation_id = " + c +
                              " group by 1, 2 having sum(n) <> 0",
                          "select t, status, count(*) from contribution, lateral (select distinct"
                          " unnest(themes || suggested_themes)) x(t) where consultation_id = " +
                              c + " group by 1, 2") == "0";
    };
    CHECK(exact());
    testing::scalar("select queue_count_fold()");
    CHECK(exact());
    CHECK(testing::scalar("select sum(n) from published_count where dimension = 'total' and consultation_id = " + c) == "40");
}

TEST_CASE("counts under a theme are exact; under a text filter exact below 1,000 and capped above", "[db][queue]")
{
    auto const c = testing::new_consultation();
    for(int i = 0; i < 3; ++i)
        add(c, "Le kɔnɔ du marché numéro " + std::to_string(i));
    add(c, "Rien à voir");
    testing::exec("insert into contribution (consultation_id, channel, external_id, display_text, search_key, themes)"
                  " select " +
                  std::to_string(c) + ", 'web', 'cap-" + std::to_string(c) +
                  "-' || g, 'Sécurité ' || g,"
                  " 'securite ' || g, '{securite}' from generate_series(1, 1100) g");
    testing::exec("update contribution set suggested_themes = '{securite,sante}', status = 'published'"
                  " where consultation_id = " +
                  std::to_string(c) + " and external_id like 'cap-%-1__'");
    testing::index_search();  // search follows the commit (sql/029)
    store::queue_filter f;
    f.consultation_id = c;
    f.key = text::search_key("kono");
    CHECK_FALSE(store::counts_are_exact(f));
    auto const found = list(f);
    CHECK(found["counts"] == json{{"new", 3}});
    CHECK(found["counts_capped"] == false);
    CHECK(found["items"].size() == 3);
    CHECK(found["near_spellings"] == false);

    f.key = text::search_key("konno");  // a typo: nothing matches the key's own spellings
    auto const near = list(f);
    CHECK(near["near_spellings"] == true);
    CHECK(near["items"].size() == 3);
    CHECK(near["counts"] == json{{"new", 3}});

    store::queue_filter t;
    t.consultation_id = c;
    t.theme = "securite";
    CHECK(store::counts_are_exact(t));
    CHECK(as_map(list(t)["counts"]) == counted(c, " and ('securite' = any(themes) or 'securite' = any(suggested_themes))"));
    t.theme = "sante";
    CHECK(list(t)["counts"] == json{{"published", 100}});

    store::queue_filter broad;
    broad.consultation_id = c;
    broad.key = "securite";
    auto const many = list(broad);
    CHECK(many["counts"] == json::object());
    CHECK(many["counts_capped"] == true);
}

TEST_CASE("the same text and near copies form one group per consultation; others stay alone", "[db][queue]")
{
    auto const c = testing::new_consultation();
    auto const other = testing::new_consultation();
    std::string const campaign =
        "Nous demandons que la transition rende le pouvoir aux civils avant la fin de l'année, que les élections "
        "soient libres et que la justice poursuive les auteurs des violences contre les manifestants.";
    auto const first = add(c, campaign, "web");
    auto const same =
        add(c,
            "NOUS demandons que la transition rende le pouvoir aux civils avant la fin de l'année, que les "
            "élections soient libres et que la justice poursuive les auteurs des violences contre les manifestants !",
            "sms", "fr", "new", "aaaaaa11");
    auto const near = add(c,
                          "Bonjour. Nous demandons que la transition rende le pouvoir aux civils avant la fin de l'année, que "
                          "les élections soient libres et que la justice poursuive les auteurs des violences. Signé Moussa",
                          "whatsapp", "fr", "new", "aaaaaa11");
    auto const alone = add(c, "Il faut d'abord réparer la route de Kayes et ouvrir les écoles fermées dans le centre.", "web");
    auto const elsewhere = add(other, campaign, "web");
    testing::group_duplicates();

    auto const group_of = [](std::int64_t id) {
        return testing::scalar("select group_id from contribution_group where contribution_id = " + std::to_string(id));
    };
    CHECK(group_of(first) == std::to_string(first));
    CHECK(group_of(same) == std::to_string(first));
    CHECK(group_of(near) == std::to_string(first));
    CHECK(group_of(alone) == std::to_string(alone));
    CHECK(group_of(elsewhere) == std::to_string(elsewhere));

    store::queue_filter f;
    f.consultation_id = c;
    auto const page = list(f);
    REQUIRE(page["items"].size() == 4);
    for(auto const& item : page["items"])
    {
        auto const id = item["id"].get<std::int64_t>();
        INFO("item " << id);
        CHECK(item["group_size"] == (id == alone ? 1 : 3));
        if(id != alone)
            CHECK(item["group_channels"] == json::array({"sms", "web", "whatsapp"}));
        CHECK(item["sender_repeats"] == (id == same || id == near));
    }
    f.collapse_duplicates = true;
    auto const collapsed = list(f);
    REQUIRE(collapsed["items"].size() == 2);
    CHECK(collapsed["items"][1]["id"] == first);
    CHECK(collapsed["items"][1]["group_size"] == 3);

    // Grouping again changes nothing, and a contribution not yet grouped says so (and stands alone meanwhile).
    CHECK(*store::group_pending(testing::database_url(), 500, true) == 0);
    for(auto const& item : page["items"])
        CHECK(item["grouped"] == true);
    auto const fresh = add(c, campaign, "telegram");
    store::queue_filter one;
    one.consultation_id = c;
    one.channel = "telegram";
    CHECK(list(one)["items"][0]["grouped"] == false);
    CHECK(list(one)["items"][0]["group_size"] == 1);
    testing::group_duplicates();
    CHECK(group_of(fresh) == std::to_string(first));
    CHECK(list(one)["items"][0]["grouped"] == true);
    CHECK(list(one)["items"][0]["group_size"] == 4);
}

TEST_CASE("pages follow their cursor in both orders, under a text key and its near spellings, and hold every item's columns",
          "[db][queue]")
{
    auto const c = testing::new_consultation();
    std::vector<std::int64_t> ids;
    for(int i = 0; i < 7; ++i)
        ids.push_back(add(c, "Le kɔnɔ du marché numéro " + std::to_string(i), i % 2 ? "sms" : "web", "fr", "new",
                          i % 2 ? "pseudonym-" + std::to_string(i) : ""));
    add(c, "Rien à voir");
    // Same received_at for some rows: the id breaks the tie, in the order's direction.
    testing::exec("update contribution set received_at = '2026-01-01T10:00:00Z' where id in (" + std::to_string(ids[2]) + ", " +
                  std::to_string(ids[3]) + ", " + std::to_string(ids[4]) + ")");
    testing::index_search();

    // Every page of `f` in turn, by its cursor; the ids in the order shown.
    auto const walk = [](store::queue_filter f) {
        std::vector<std::int64_t> seen;
        f.limit = 3;
        for(int pages = 0; pages < 10; ++pages)
        {
            auto const page = list(f);
            for(auto const& item : page["items"])
            {
                seen.push_back(item["id"].get<std::int64_t>());
                CHECK(item["consultation"].is_string());
                CHECK(item["group_size"].get<int>() >= 1);
                CHECK_FALSE(item.contains("sender_key"));
            }
            if(page["next"].is_null())
                break;
            f.after = page["next"].get<std::string>();
        }
        return seen;
    };
    auto const expected = [&](bool oldest_first) {
        std::vector<std::int64_t> out;
        for(auto const& row : json::parse(testing::scalar(
                "select json_agg(id order by received_at " + std::string(oldest_first ? "asc, id asc" : "desc, id desc") +
                ") from contribution where consultation_id = " + std::to_string(c) + " and search_key like '%kono%'")))
            out.push_back(row.get<std::int64_t>());
        return out;
    };
    REQUIRE(expected(false).size() == 7);

    store::queue_filter f;
    f.consultation_id = c;
    f.key = text::search_key("kono");
    CHECK(walk(f) == expected(false));
    f.oldest_first = true;
    CHECK(walk(f) == expected(true));
    f.key = text::search_key("konno");  // near spellings: the mode travels in the cursor
    CHECK(walk(f) == expected(true));

    store::queue_filter all;
    all.consultation_id = c;
    all.oldest_first = true;
    auto const everything = walk(all);
    CHECK(everything.size() == 8);
    CHECK(std::vector<std::int64_t>(everything.begin(), everything.begin() + 7) == expected(true));

    auto const first = list(all);  // oldest first: ids[2] (web, no sender), then ids[3] (sms)
    CHECK(first["items"][0]["id"] == ids[2]);
    CHECK(first["items"][0]["pseudonym"].is_null());
    CHECK(first["items"][1]["pseudonym"] == "pseudo");  // a short pseudonym, never the key

    // Collapsed, the seven near copies are one group, shown once by its first row, then the other text.
    testing::group_duplicates();
    all.collapse_duplicates = true;
    auto const collapsed = walk(all);
    REQUIRE(collapsed.size() == 2);
    CHECK(collapsed[0] == ids[0]);
    CHECK(collapsed[1] == everything.back());
    CHECK(list(all)["items"][0]["group_size"] == 7);
}
