#include "channels/archive.hpp"

#include "channels/parse_support.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>

namespace baro::channels {

using detail::field_error;
using nlohmann::json;

namespace {

constexpr std::size_t max_id_bytes = 128;
constexpr std::size_t max_url_bytes = 2048;

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out)
{
    if(at + n > s.size())
        return false;
    out = 0;
    for(std::size_t i = at; i < at + n; ++i)
    {
        if(s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

int days_in_month(int year, int month)
{
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool const leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

// Ids are what the platforms write (X: digits; Facebook: digits and "_"); anything else in that
// column is a shifted or broken record, and it is the row's unique key.
bool is_platform_id(std::string_view s)
{
    if(s.empty() || s.size() > max_id_bytes)
        return false;
    for(char const c : s)
        if(! ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
            return false;
    return true;
}

bool is_web_address(std::string_view s)
{
    if(s.size() > max_url_bytes || ! (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0))
        return false;
    for(char const c : s)
        if(c <= ' ' || c >= 0x7f)
            return false;
    return true;
}

// The checks every format shares; the field names are those of baro's CSV format.
result<archive_post> checked(archive_post p, std::string_view date_field, std::string_view date_text)
{
    if(! is_social_platform(p.platform))
        return fail(errc::bad_request, "platform: must be facebook, instagram or x, not \"" + p.platform.substr(0, 20) + "\"",
                    "platform");
    if(! is_platform_id(p.id))
        return fail(errc::bad_request, "id: missing, or not a platform id (letters, digits, _ and - up to 128)", "id");
    if(! date_text.empty() && p.posted_at.empty())
        return fail(errc::bad_request, std::string(date_field) + ": not a date (\"" + std::string(date_text.substr(0, 40)) + "\")",
                    std::string(date_field));
    if(p.author_id.size() > max_id_bytes || p.author_id.find('\0') != std::string::npos)
        return fail(errc::bad_request, "author_id: longer than 128 bytes or holds a NUL", "author_id");
    if(p.text.empty())
        return fail(errc::bad_request, "text: empty", "text");
    if(! p.permalink.empty() && ! is_web_address(p.permalink))
        return fail(errc::bad_request, "url: not an http(s) address", "url");
    if(! p.in_reply_to.empty() && ! is_platform_id(p.in_reply_to))
        return fail(errc::bad_request, "in_reply_to: not a platform id", "in_reply_to");
    return p;
}

// A JSON value as text, for the members that come as strings or numbers; empty when absent or null.
std::string optional_text(json const& obj, char const* key)
{
    auto const it = obj.find(key);
    if(it == obj.end() || it->is_null())
        return {};
    if(it->is_string())
        return it->get<std::string>();
    if(it->is_number_integer())
        return it->dump();
    throw field_error(std::string(key) + " must be a string");
}

template<class F>
result<archive_post> parse_record(std::string_view record, char const* what, F&& parse)
{
    auto j = json::parse(record, nullptr, false);
    if(j.is_discarded())
        return fail(errc::bad_request, std::string(what) + " is not valid JSON");
    if(! j.is_object())
        return fail(errc::bad_request, std::string(what) + " must be a JSON object");
    try
    {
        return parse(j);
    }
    catch(field_error const& e)
    {
        return fail(errc::bad_request, e.what());
    }
    catch(json::exception const& e)
    {
        return fail(errc::bad_request, std::string(what) + ": " + e.what());
    }
}

}  // namespace

bool is_social_platform(std::string_view name) { return name == "facebook" || name == "instagram" || name == "x"; }

std::string iso_date(std::string_view s)
{
    int y, mo, d, h, mi, sec;
    if(! digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || ! digits(s, 5, 2, mo) || s[7] != '-' || ! digits(s, 8, 2, d) ||
       (s[10] != 'T' && s[10] != ' ') || ! digits(s, 11, 2, h) || s[13] != ':' || ! digits(s, 14, 2, mi) || s[16] != ':' ||
       ! digits(s, 17, 2, sec))
        return {};
    if(y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
        return {};
    std::size_t at = 19;
    std::string fraction;
    if(at < s.size() && s[at] == '.')
    {
        auto const start = ++at;
        while(at < s.size() && s[at] >= '0' && s[at] <= '9')
            ++at;
        if(at == start)
            return {};
        fraction = "." + std::string(s.substr(start, std::min<std::size_t>(at - start, 6)));
    }
    if(at < s.size() && s[at] == ' ')
        ++at;
    int oh = 0, om = 0;
    char sign = '+';
    if(at < s.size() && s[at] == 'Z')
        ++at;
    else if(at < s.size() && (s[at] == '+' || s[at] == '-'))
    {
        sign = s[at++];
        if(! digits(s, at, 2, oh))
            return {};
        at += 2;
        if(at < s.size() && s[at] == ':')
            ++at;
        if(at < s.size())
        {
            if(! digits(s, at, 2, om))
                return {};
            at += 2;
        }
        if(oh > 14 || om > 59)
            return {};
    }
    if(at != s.size())
        return {};
    char out[96];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%s%c%02d:%02d", y, mo, d, h, mi, sec, fraction.c_str(), sign,
                  oh, om);
    return out;
}

std::string x_date(std::string_view s)
{
    static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // "Wed Oct 10 20:19:24 +0000 2018"
    if(s.size() != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ' || s[25] != ' ')
        return {};
    int month = 0;
    for(std::size_t i = 0; i < months.size(); ++i)
        if(s.substr(4, 3) == months[i])
            month = static_cast<int>(i) + 1;
    if(! month)
        return {};
    auto const mm = (month < 10 ? "0" : "") + std::to_string(month);
    return iso_date(std::string(s.substr(26, 4)) + "-" + mm + "-" + std::string(s.substr(8, 2)) + "T" +
                    std::string(s.substr(11, 8)) + std::string(s.substr(20, 5)));
}

result<archive_post> parse_tweet(std::string_view record)
{
    return parse_record(record, "tweet", [](json const& outer) -> result<archive_post> {
        // tweets.js wraps each tweet: {"tweet": {…}}; API dumps give the tweet object itself.
        auto const wrapped = outer.find("tweet");
        json const& t = wrapped != outer.end() && wrapped->is_object() ? *wrapped : outer;
        archive_post p;
        p.platform = "x";
        p.id = t.contains("id_str") ? detail::text_at(t, "id_str", "") : optional_text(t, "id");
        p.text = t.contains("full_text") ? detail::text_at(t, "full_text", "") : optional_text(t, "text");
        auto const date = optional_text(t, "created_at");
        p.posted_at = date.empty() ? "" : ! x_date(date).empty() ? x_date(date) : iso_date(date);
        if(auto const user = t.find("user"); user != t.end() && user->is_object())
            p.author_id = user->contains("id_str") ? detail::text_at(*user, "id_str", "user") : optional_text(*user, "id");
        else
            p.author_id = optional_text(t, "author_id");
        p.in_reply_to = optional_text(t, "in_reply_to_status_id_str");
        for(auto const& ref : detail::array_or_empty(t, "referenced_tweets"))
            if(ref.is_object() && ref.value("type", "") == "replied_to")
                p.in_reply_to = optional_text(ref, "id");
        if(! p.id.empty())
            p.permalink = "https://x.com/i/web/status/" + p.id;
        return checked(std::move(p), "created_at", date);
    });
}

result<archive_post> parse_facebook_comment(std::string_view record)
{
    return parse_record(record, "comment", [](json const& c) -> result<archive_post> {
        archive_post p;
        p.platform = "facebook";
        p.id = detail::id_at(c, "id", "");
        p.text = optional_text(c, "message");
        auto const date = optional_text(c, "created_time");
        p.posted_at = iso_date(date);
        if(auto const from = c.find("from"); from != c.end() && from->is_object())
            p.author_id = optional_text(*from, "id");
        p.permalink = optional_text(c, "permalink_url");
        if(auto const parent = c.find("parent"); parent != c.end() && parent->is_object())
            p.in_reply_to = optional_text(*parent, "id");
        return checked(std::move(p), "created_time", date);
    });
}

result<std::vector<std::string>> csv_fields(std::string_view record)
{
    std::vector<std::string> fields(1);
    bool quoted = false, after_quote = false;
    for(std::size_t i = 0; i < record.size(); ++i)
    {
        char const c = record[i];
        auto& field = fields.back();
        if(quoted)
        {
            if(c != '"')
                field += c;
            else if(i + 1 < record.size() && record[i + 1] == '"')
                field += '"', ++i;
            else
                quoted = false, after_quote = true;
        }
        else if(c == ',')
            fields.emplace_back(), after_quote = false;
        else if(c == '"' && field.empty() && ! after_quote)
            quoted = true;
        else if(c == '\r' && i + 1 == record.size())
            break;  // CRLF line ends
        else if(c == '"' || after_quote)
            return fail(errc::bad_request, "a quote inside field " + std::to_string(fields.size()) + " that is not quoted");
        else
            field += c;
    }
    if(quoted)
        return fail(errc::bad_request, "a quoted field is not closed");
    return fields;
}

result<std::map<std::string, std::size_t>> csv_header(std::string_view record)
{
    if(record.rfind("\xEF\xBB\xBF", 0) == 0)
        record.remove_prefix(3);  // a byte order mark, as spreadsheets write it
    auto fields = csv_fields(record);
    if(! fields)
        return std::move(fields).err();
    std::map<std::string, std::size_t> columns;
    for(std::size_t i = 0; i < fields->size(); ++i)
        columns.emplace((*fields)[i], i);
    for(auto const& name : archive_columns)
        if(! columns.count(name))
            return fail(errc::bad_request, "the header has no column \"" + name + "\" (it needs platform,id,created_at,"
                                           "author_id,text,url,in_reply_to)", name);
    return columns;
}

result<archive_post> parse_csv_post(std::string_view record, std::map<std::string, std::size_t> const& columns)
{
    auto fields = csv_fields(record);
    if(! fields)
        return std::move(fields).err();
    auto const at = [&](char const* name) {
        auto const i = columns.at(name);
        return i < fields->size() ? (*fields)[i] : std::string();
    };
    archive_post p{at("platform"), at("id"), iso_date(at("created_at")), at("author_id"), at("text"), at("url"), at("in_reply_to")};
    return checked(std::move(p), "created_at", at("created_at"));
}

result<archive_post> parse_jsonl_post(std::string_view line)
{
    return parse_record(line, "line", [](json const& j) -> result<archive_post> {
        archive_post p{optional_text(j, "platform"), optional_text(j, "id"),        "", optional_text(j, "author_id"),
                       optional_text(j, "text"),     optional_text(j, "url"),       optional_text(j, "in_reply_to")};
        auto const date = optional_text(j, "created_at");
        p.posted_at = iso_date(date);
        return checked(std::move(p), "created_at", date);
    });
}

}  // namespace baro::channels
