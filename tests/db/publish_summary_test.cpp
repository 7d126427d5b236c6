#include "test_database.hpp"

#include "core/crypto.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"
#include "store/publish_read.hpp"

#include <catch2/catch.hpp>

#include <future>

using namespace baro;

namespace {

std::int64_t summary_consultation()
{
    return testing::new_consultation(
        {store::theme_info{"securite", {{"fr", "Sécurité"}}, {}, {}}, store::theme_info{"sante", {{"fr", "Santé"}}, {}, {}}});
}

// One contribution, published `minutes_ago` (or with another status), as SQL.
void add(std::int64_t c, std::string const& name, std::string const& status, int minutes_ago, std::string const& themes,
         std::string const& suggested, std::string const& region, std::string const& language, std::string const& channel,
         bool featured = false)
{
    testing::exec("insert into contribution (consultation_id, channel, external_id, raw, display_text, language, region,"
                  " status, themes, suggested_themes, tags, published_at) values (" +
                  std::to_string(c) + ", '" + channel + "', '" + name + "-" + crypto::random_hex(4) + "', 'raw', '" + name +
                  "', '" + language + "', " + (region.empty() ? "null" : "'" + region + "'") + ", '" + status + "', '" + themes +
                  "', '" + suggested + "', '" + (featured ? "{featured}" : "{}") + "', " +
                  (status == "published"
                       ? "timestamptz '2026-03-10 12:00:00+00' - interval '" + std::to_string(minutes_ago) + " minutes'"
                       : "null") +
                  ")");
}

store::published_summary summary_of(std::int64_t c)
{
    store::database db(testing::database_url(), 1);
    std::promise<result<store::published_summary>> p;
    store::load_published_summary(db, c, [&p](result<store::published_summary> r) { p.set_value(std::move(r)); });
    auto r = p.get_future().get();
    db.stop();
    REQUIRE(r.ok());
    return std::move(*r);
}

std::vector<std::string> texts_of(store::published_summary const& s, std::string const& theme)
{
    std::vector<std::string> out;
    for(auto const& q : s.quotes)
        if(q.theme == theme)
            out.push_back(q.contribution.text);
    return out;
}

}  // namespace

TEST_CASE("a summary counts every dimension over published rows only and puts featured quotes first", "[db][publish]")
{
    auto const c = summary_consultation();
    add(c, "s1", "published", 50, "{securite}", "{}", "mopti", "fr", "sms", true);
    add(c, "s2", "published", 40, "{securite}", "{}", "mopti", "bm", "sms");
    add(c, "s3", "published", 30, "{securite,sante}", "{}", "", "fr", "web");
    add(c, "s4", "published", 20, "{}", "{securite}", "gao", "fr", "sms");
    add(c, "s5", "published", 10, "{securite}", "{}", "gao", "bm", "web");
    add(c, "day-before", "published", 24 * 60, "{}", "{sante}", "kayes", "fr", "ussd");
    add(c, "no-theme", "published", 5, "{}", "{}", "gao", "fr", "sms");
    add(c, "waiting", "new", 0, "{securite}", "{}", "gao", "fr", "sms");
    add(c, "refused", "rejected", 0, "{sante}", "{}", "gao", "fr", "sms", true);

    auto const s = summary_of(c);
    CHECK(s.total == 7);
    CHECK(s.last_published_at == "2026-03-10T11:55:00.000000Z");
    using counts = std::vector<std::pair<std::string, std::int64_t>>;
    auto pairs = [](std::vector<store::count_row> const& rows) {
        counts out;
        for(auto const& r : rows)
            out.emplace_back(r.key, r.count);
        return out;
    };
    CHECK(pairs(s.by_theme) == counts{{"securite", 5}, {"sante", 2}});
    CHECK(pairs(s.by_region) == counts{{"gao", 3}, {"mopti", 2}, {"", 1}, {"kayes", 1}});
    CHECK(pairs(s.by_language) == counts{{"fr", 5}, {"bm", 2}});
    CHECK(pairs(s.by_channel) == counts{{"sms", 4}, {"web", 2}, {"ussd", 1}});
    CHECK(pairs(s.by_day) == counts{{"2026-03-09", 1}, {"2026-03-10", 6}});
    // Featured first however old, then the latest; a quote never twice.
    CHECK(texts_of(s, "securite") == std::vector<std::string>{"s1", "s5", "s4"});
    CHECK(texts_of(s, "sante") == std::vector<std::string>{"s3", "day-before"});
    REQUIRE(s.latest.size() == 7);
    CHECK(s.latest.front().text == "no-theme");
}

TEST_CASE("a consultation with nothing published has an empty summary", "[db][publish]")
{
    auto const c = summary_consultation();
    add(c, "waiting", "new", 0, "{securite}", "{}", "gao", "fr", "sms");
    auto const s = summary_of(c);
    CHECK(s.total == 0);
    CHECK(s.last_published_at.empty());
    CHECK(s.by_theme.empty());
    CHECK(s.quotes.empty());
    CHECK(s.latest.empty());
}

TEST_CASE("published counts follow publish, unpublish, edits, re-routing and erasure", "[db][publish]")
{
    auto const c = summary_consultation();
    auto const other = summary_consultation();
    add(c, "a", "published", 10, "{securite}", "{}", "mopti", "fr", "sms");
    add(c, "b", "published", 20, "{}", "{sante}", "gao", "bm", "web");
    add(c, "c", "new", 0, "{sante}", "{}", "gao", "fr", "sms");
    auto const cs = std::to_string(c);
    auto const where = [&](std::string const& name) {
        return " where consultation_id = " + cs + " and display_text = '" + name + "'";
    };
    // Publish, unpublish, edit the themes and region of a published one, move one to another
    // consultation, erase one; a bulk statement touching published and unpublished rows alike.
    testing::exec("update contribution set status = 'published', published_at = now()" + where("c"));
    testing::exec("update contribution set status = 'unpublished'" + where("a"));
    testing::exec("update contribution set themes = '{securite,sante}', region = 'kayes'" + where("b"));
    testing::exec("update contribution set tags = '{x}' where consultation_id = " + cs);
    add(c, "d", "published", 5, "{securite}", "{}", "", "fr", "ussd");
    testing::exec("update contribution set consultation_id = " + std::to_string(other) + where("d"));
    add(c, "e", "published", 5, "{securite}", "{}", "", "fr", "ussd");
    testing::exec("delete from contribution" + where("e"));

    // The kept counts equal a count from scratch, for both consultations.
    auto const mismatches = testing::scalar(
        "with fresh as (select c.consultation_id, k.dimension, k.key, count(*) as n"
        " from contribution c, published_count_keys(c) k where c.status = 'published' and c.consultation_id in (" +
        cs + ", " + std::to_string(other) +
        ") group by 1, 2, 3),"
        " kept as (select consultation_id, dimension, key, n from published_count where n <> 0 and consultation_id in (" +
        cs + ", " + std::to_string(other) +
        "))"
        " select count(*) from ((table fresh except table kept) union all (table kept except table fresh)) x");
    CHECK(mismatches == "0");

    auto const s = summary_of(c);
    CHECK(s.total == 2);
    REQUIRE(s.by_theme.size() == 2);
    CHECK(s.by_theme[0].key == "sante");
    CHECK(s.by_theme[0].count == 2);
    CHECK(s.by_theme[1].key == "securite");
    CHECK(s.by_theme[1].count == 1);
    CHECK(summary_of(other).total == 1);
}
