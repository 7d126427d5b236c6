#include "test_database.hpp"

#include "core/crypto.hpp"
#include "ingest/text_fields.hpp"
#include "store/consultations.hpp"
#include "store/reindex.hpp"
#include "store/search.hpp"
#include "text/search_key.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace baro;

namespace {

store::consultation_info make_consultation()
{
    auto const id =
        testing::new_consultation({store::theme_info{"securite", {{"fr", "Sécurité"}}, {"sécurité"}, {"lakana", "kɛlɛ"}},
                                   store::theme_info{"education", {{"fr", "Éducation"}}, {"école"}, {"kalan", "lakɔli"}}});
    auto catalog = store::load_catalog(testing::database_url());
    REQUIRE(catalog.ok());
    ingest::prepare_catalog(*catalog);
    store::consultation_info const* found = nullptr;
    for(auto const& x : *catalog)
        if(x.id == id)
            found = &x;
    REQUIRE(found);
    return *found;
}

// Stores raw text as an old version would have: display text only, no key, language or themes.
std::int64_t insert_stale(std::int64_t consultation, std::string const& raw, std::string const& flags = "{}")
{
    auto const id = crypto::random_hex(6);
    testing::exec("insert into contribution (consultation_id, channel, external_id, raw, display_text, flags)"
                  " values (" +
                  std::to_string(consultation) + ", 'web', '" + id + "', $raw$" + raw + "$raw$, $raw$" + raw + "$raw$, '" +
                  flags + "')");
    return std::stoll(testing::scalar("select id from contribution where external_id = '" + id + "'"));
}

store::recompute_fn recompute_for(store::consultation_info const& c)
{
    return [&c](std::optional<std::int64_t>, std::string const& raw, store::contribution_row& row) {
        ingest::fill_text_fields(row, c, raw);
    };
}

}  // namespace

TEST_CASE("reindex recomputes the text columns of stored rows and keeps moderation flags", "[db][text]")
{
    auto const c = make_consultation();
    // Written as citizens write: Bambara in the official orthography, and French.
    auto const bm = insert_stale(c.id, "Kalanso ka lakana ka sabati, kɛlɛ ka ban.", "{spam_suspect}");
    auto const fr = insert_stale(c.id, "Il faut rouvrir les écoles du Nord.");

    std::vector<std::int64_t> seen;
    auto const n = store::reindex(
        testing::database_url(), c.id, recompute_for(c), [&](std::int64_t done, std::int64_t) { seen.push_back(done); }, 1);
    REQUIRE(n.ok());
    CHECK(*n == 2);
    CHECK(seen == std::vector<std::int64_t>{0, 1, 2});

    auto const where = [](std::int64_t id) { return " from contribution where id = " + std::to_string(id); };
    CHECK(testing::scalar("select language" + where(bm)) == "bm");
    CHECK(testing::scalar("select script" + where(bm)) == "Latn");
    CHECK(testing::scalar("select search_key" + where(bm)) == "kalanso ka lakana ka sabati, kele ka ban.");
    CHECK(testing::scalar("select array_to_string(suggested_themes, ',')" + where(bm)) == "securite,education");
    CHECK(testing::scalar("select array_to_string(flags, ',')" + where(bm)) == "spam_suspect");
    CHECK(testing::scalar("select language" + where(fr)) == "fr");
    CHECK(testing::scalar("select array_to_string(suggested_themes, ',')" + where(fr)) == "education");
}

TEST_CASE("a search goes through the same key: kono finds kɔnɔ and kònò, not kalo", "[db][text]")
{
    auto const c = make_consultation();
    auto const official = insert_stale(c.id, "Jamana kɔnɔ, hɛra ka kan ka segin.");
    auto const old_spelling = insert_stale(c.id, "An ka dugu kònò, mɔgɔw bɛ siran.");
    auto const plain = insert_stale(c.id, "Sigida kono, kalanso tɛ yen.");
    auto const other = insert_stale(c.id, "Kalo saba kɔfɛ, foyi ma yɛlɛma.");
    REQUIRE(store::reindex(testing::database_url(), c.id, recompute_for(c), {}).ok());
    testing::index_search();  // search follows the commit (sql/029)

    auto ids = [&](std::string const& typed) {
        auto hits = store::search_contributions(testing::database_url(), {c.id, text::search_key(typed), 50});
        REQUIRE(hits.ok());
        std::vector<std::int64_t> out;
        for(auto const& h : *hits)
            out.push_back(h.id);
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(ids("kono") == std::vector<std::int64_t>{official, old_spelling, plain});
    CHECK(ids("KƆNƆ") == std::vector<std::int64_t>{official, old_spelling, plain});
    CHECK(ids("konno") == std::vector<std::int64_t>{official, old_spelling, plain});  // a typo
    CHECK(ids("kalo") == std::vector<std::int64_t>{other});
    CHECK(ids("").empty());
}
