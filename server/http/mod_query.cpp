#include "http/mod_query.hpp"

#include "text/search_key.hpp"

#include <algorithm>
#include <charconv>

namespace baro::http {

namespace {

bool one_of(std::string const& v, std::initializer_list<char const*> allowed)
{
    return v.empty() || std::any_of(allowed.begin(), allowed.end(), [&](char const* a) { return v == a; });
}

bool is_date(std::string const& v)
{
    if(v.empty())
        return true;
    if(v.size() != 10 || v[4] != '-' || v[7] != '-')
        return false;
    for(std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if(v[i] < '0' || v[i] > '9')
            return false;
    return true;
}

}  // namespace

result<store::queue_filter> parse_queue_query(form_fields const& q, store::catalog const& catalog)
{
    store::queue_filter f;
    auto get = [&](char const* name) { return field(q, name).value_or(""); };
    if(auto const slug = get("consultation"); slug == "none")
        f.unrouted = true;
    else if(! slug.empty())
    {
        auto const* c = store::find_by_slug(catalog, slug);
        if(! c)
            return fail(errc::unprocessable, "No consultation named \"" + slug + "\".", "consultation");
        f.consultation_id = c->id;
    }
    f.status = get("status");
    if(! one_of(f.status, {"new", "published", "rejected", "spam", "duplicate", "archived", "unpublished"}))
        return fail(errc::unprocessable, "Unknown status \"" + f.status + "\".", "status");
    f.channel = get("channel");
    if(! one_of(f.channel, {"web", "api", "sms", "ussd", "whatsapp", "messenger", "telegram"}))
        return fail(errc::unprocessable, "Unknown channel \"" + f.channel + "\".", "channel");
    f.language = get("language");
    if(! one_of(f.language, {"fr", "bm", "mixed", "unknown"}))
        return fail(errc::unprocessable, "Unknown language \"" + f.language + "\".", "language");
    f.region = get("region");
    f.theme = get("theme");
    f.theme_state = get("theme_state");
    if(! one_of(f.theme_state, {"confirmed", "suggested"}))
        return fail(errc::unprocessable, "\"theme_state\" is confirmed or suggested.", "theme_state");
    f.tag = get("tag");
    f.key = text::search_key(get("q"));
    f.from = get("from");
    f.to = get("to");
    if(! is_date(f.from))
        return fail(errc::unprocessable, "\"from\" must be a date written YYYY-MM-DD.", "from");
    if(! is_date(f.to))
        return fail(errc::unprocessable, "\"to\" must be a date written YYYY-MM-DD.", "to");
    auto const order = get("order");
    if(! one_of(order, {"newest", "oldest"}))
        return fail(errc::unprocessable, "\"order\" is newest or oldest.", "order");
    f.oldest_first = order == "oldest";
    f.collapse_duplicates = get("collapse") == "1";
    f.after = get("after");
    if(! f.after.empty() && f.after.find('|') == std::string::npos)
        return fail(errc::unprocessable, "\"after\" must be the cursor the previous page gave.", "after");
    if(auto const limit = get("limit"); ! limit.empty())
    {
        int n = 0;
        auto const [p, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), n);
        if(ec != std::errc{} || p != limit.data() + limit.size() || n < 1 || n > 200)
            return fail(errc::unprocessable, "\"limit\" is a number from 1 to 200.", "limit");
        f.limit = n;
    }
    return f;
}

}  // namespace baro::http
