#include "store/full_export.hpp"

#include "store/audit.hpp"
#include "store/connection.hpp"
#include "store/copy_rows.hpp"

#include <pqxx/pqxx>

namespace baro::store {

namespace {

std::string utc_us(char const* column)
{
    return std::string("to_char(") + column + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

// The columns in the order row_of reads them. Arrays are joined with ';' (theme and tag slugs hold
// none). The pseudonym is 12 hex digits of the keyed sender key: its first 6 are the console's, so an
// analyst can match a row to the console, and 48 bits keep a million senders apart (6 digits, 24 bits,
// would leave about one sender in 17 sharing its pseudonym at that size).
std::string full_columns()
{
    return "c.id, " + utc_us("c.received_at") + ", c.status, " + utc_us("c.published_at") + ", " + utc_us("c.decided_at") +
           ", c.language, coalesce(c.region, ''), c.channel, array_to_string(c.suggested_themes, ';'),"
           " array_to_string(c.themes, ';'), c.themes_confirmed, array_to_string(c.tags, ';'), g.group_id, c.duplicate_of,"
           " left(c.sender_key, 12), coalesce(c.edited_text, c.display_text)";
}

std::vector<std::string> split_semicolons(std::string const& s)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    while(i < s.size())
    {
        auto const j = s.find(';', i);
        out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
        if(j == std::string::npos)
            break;
        i = j + 1;
    }
    return out;
}

std::int64_t integer_or_zero(std::optional<std::string> const& f) { return f ? std::stoll(*f) : 0; }

full_contribution row_of(copy_fields const& f)
{
    full_contribution c;
    c.id = integer_or_zero(f[0]);
    c.received_at = f[1].value_or("");
    c.status = f[2].value_or("");
    c.published_at = f[3].value_or("");
    c.decided_at = f[4].value_or("");
    c.language = f[5].value_or("");
    c.region = f[6].value_or("");
    c.channel = f[7].value_or("");
    c.suggested_themes = split_semicolons(f[8].value_or(""));
    c.themes = split_semicolons(f[9].value_or(""));
    c.themes_confirmed = f[10].value_or("f") == "t";
    c.tags = split_semicolons(f[11].value_or(""));
    c.duplicate_group = integer_or_zero(f[12]);
    c.duplicate_of = integer_or_zero(f[13]);
    c.sender = f[14].value_or("");
    c.text = f[15].value_or("");
    return c;
}

}  // namespace

status stream_full_export(std::string const& url, full_export_request const& req,
                          std::function<void(std::int64_t rows)> const& started,
                          std::function<bool(full_contribution const&)> const& row)
{
    return guarded("full export", [&] {
        auto conn = connect(url);
        {
            // The record first, committed: an export that cannot be audited does not happen.
            pqxx::work tx(*conn);
            auto const rows = tx.exec_params("select count(*) from contribution where consultation_id = $1", req.consultation_id)[0][0]
                                  .as<std::int64_t>();
            append_audit(tx, {req.actor,
                              "export_full",
                              "consultation:" + req.slug,
                              {{"format", req.format}, {"text", req.raw ? "raw" : "redacted"}, {"rows", rows}, {"via", req.via}}});
            tx.commit();
            started(rows);
        }
        pqxx::read_transaction tx(*conn);
        copy_rows(*conn, tx,
                  "select " + full_columns() +
                      " from contribution c left join contribution_group g on g.contribution_id = c.id"
                      " where c.consultation_id = " +
                      std::to_string(req.consultation_id) + " order by c.id",
                  [&row](copy_fields const& f) { return f.size() < 16 || row(row_of(f)); });
    });
}

}  // namespace baro::store
