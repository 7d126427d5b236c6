// GET /api/v1/mod/consultations/{slug}/export?format=csv|xlsx[&raw=1]: the analysts' full export
// (issue 14), every contribution in every state. The console's session rules apply (analyst and up;
// raw text for admins only); the download runs on a store::exporter slot like the open data and is
// moved to the socket by the same streamed_download, with back-pressure and the stall cut. The audit
// entry is committed before the first byte of the file leaves.
#include "http/mod_export_routes.hpp"

#include "core/address_table.hpp"
#include "core/form.hpp"
#include "core/languages.hpp"
#include "core/log.hpp"
#include "http/download.hpp"
#include "http/mod_support.hpp"
#include "http/publish_context.hpp"
#include "http/response.hpp"
#include "http/route_support.hpp"
#include "publish/full_export.hpp"
#include "publish/xlsx_file.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"
#include "store/exporter.hpp"
#include "store/full_export.hpp"

#include <sstream>

namespace baro::http {

namespace {

constexpr char const* xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A complete response written as raw bytes on a download that has not started its body.
std::string response_bytes(response res)
{
    res.keep_alive(false);
    res.set(bh::field::cache_control, "no-store");
    res.prepare_payload();
    std::ostringstream out;
    out << res;
    return out.str();
}

std::string download_head(std::string const& slug, bool xlsx, std::int64_t rows)
{
    std::string head = "HTTP/1.1 200 OK\r\n";
    head += std::string("Content-Type: ") + (xlsx ? xlsx_type : "text/csv; charset=utf-8") + "\r\n";
    head += "Content-Disposition: attachment; filename=\"baro-" + slug + "-full" + (xlsx ? ".xlsx" : ".csv") + "\"\r\n";
    head += "X-Baro-Rows: " + std::to_string(rows) + "\r\n";
    head += "Transfer-Encoding: chunked\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    return head;
}

/// What one download shares between its exporter thread and its completion.
struct export_job
{
    store::full_export_request what;
    std::string url;   ///< the primary: the audit entry is written there (the exporter may read a standby)
    std::string lang;  ///< labels of masked items
    std::shared_ptr<streamed_download> out;
    bool started = false;  ///< the head went out (the audit entry is committed)
    bool alive = true;     ///< the client still takes bytes
    std::string buf;
};

// CSV: each row is formatted and sent in chunks as it is read.
status export_csv(store::exporter const& exports, export_job& job)
{
    return store::stream_full_export(
        job.url, job.what,
        [&job](std::int64_t rows) {
            job.started = true;
            job.alive = job.out->push(download_head(job.what.slug, false, rows));
            job.buf = publish::csv_row(publish::full_export_columns());
        },
        [&job, &exports](store::full_contribution const& c) {
            job.buf += publish::csv_row(publish::full_export_cells(job.what.slug, c, job.what.raw, job.lang));
            if(job.buf.size() >= download_chunk_bytes)
            {
                job.alive = job.alive && job.out->push(http_chunk(job.buf));
                job.buf.clear();
            }
            return job.alive && ! exports.stopping();
        });
}

// XLSX: the rows go to a workbook in a private temporary directory (libxlsxwriter writes files
// only), which is then sent in chunks and removed.
status export_xlsx(store::exporter const& exports, export_job& job)
{
    auto book = publish::xlsx_file::create("", publish::full_export_columns());
    if(! book)
        return book.err();
    status written = ok_t{};
    auto const st = store::stream_full_export(
        job.url, job.what,
        [&job](std::int64_t rows) {
            job.started = true;
            job.alive = job.out->push(download_head(job.what.slug, true, rows));
        },
        [&](store::full_contribution const& c) {
            written = (*book)->add_row(publish::full_export_cells(job.what.slug, c, job.what.raw, job.lang));
            return written.ok() && job.alive && ! exports.stopping();
        });
    if(! st)
        return st;
    if(! written)
        return written;
    if(auto closed = (*book)->close(); ! closed)
        return closed;
    auto file = (*book)->take();
    if(! file)
        return file.err();
    std::string block(download_chunk_bytes, '\0');
    while(job.alive)
    {
        auto const n = std::fread(block.data(), 1, block.size(), file->get());
        if(n == 0)
            break;
        job.alive = job.out->push(http_chunk(block.substr(0, n)));
    }
    return ok_t{};
}

void start_export(publish_context& p, store::export_slot slot, std::shared_ptr<export_job> job)
{
    auto& exports = p.exports;
    p.exports.run(
        std::move(slot), [&exports, job] { return job->what.format == "xlsx" ? export_xlsx(exports, *job) : export_csv(exports, *job); },
        [job](status st) {
            if(! job->started)
            {
                // Nothing was exported (not even audited): an error answer instead of a file.
                job->out->push(response_bytes(json_error(st ? fail(errc::internal, "The export did not start.") : st.err())));
                return job->out->finish(false);
            }
            if(job->alive && ! job->buf.empty())
                job->alive = job->out->push(http_chunk(job->buf));
            if(! st)
                log::warn("export", "full export of " + job->what.slug + " stopped: " + st.err().message);
            else if(! job->alive)
                log::info("export", "full export of " + job->what.slug + " stopped: the client went away or stalled");
            job->out->finish(job->alive && st.ok());
        });
}

void get_full_export(services& s, publish_context& p, std::shared_ptr<request const> req, tcp::socket socket)
{
    auto const q = query_of(*req);
    auto const format = field(q, "format").value_or("csv");
    auto const raw = field(q, "raw").value_or("");
    if(format != "csv" && format != "xlsx")
        return answer_and_close(std::move(socket), json_error(fail(errc::bad_request, "format must be csv or xlsx.", "format")));
    if(raw != "" && raw != "0" && raw != "1" && raw != "false" && raw != "true")
        return answer_and_close(std::move(socket), json_error(fail(errc::bad_request, "raw must be 1 or 0.", "raw")));
    auto const c = s.catalog.find(req->params.at("slug"));
    if(! c)
        return answer_and_close(std::move(socket), consultation_not_found());
    bool const want_raw = raw == "1" || raw == "true";
    std::string const lang(negotiate_language(field(q, "lang").value_or(""), ""));
    auto held = std::make_shared<tcp::socket>(std::move(socket));
    with_session(s, req, {moderation::role::analyst, access::read, asker::api},
                 [held](response res) { answer_and_close(std::move(*held), std::move(res)); },
                 [&s, &p, req, held, format, want_raw, lang, id = c->id, slug = c->slug](store::session_info const& who, responder done) {
                     if(want_raw && ! may(who, moderation::role::admin))
                         return done(json_error(fail(errc::forbidden, "Only an admin may export the raw text.")));
                     auto slot = p.exports.reserve(limit_key(req->remote));
                     if(! slot)
                         return done(json_error(slot.err()));
                     auto job = std::make_shared<export_job>();
                     job->what = {id, slug, who.who.email, format, want_raw, "console"};
                     job->url = s.db.url();
                     job->lang = lang;
                     job->out = std::make_shared<streamed_download>(std::move(*held), req->connection, p.open_data_stall, p.exports);
                     start_export(p, std::move(*slot), job);
                 });
}

}  // namespace

void add_mod_export_routes(route_table& routes, services& s, publish_context& p)
{
    routes.add({"GET", "/api/v1/mod/consultations/{slug}/export", 0, {}, [&s, &p](std::shared_ptr<request const> req, tcp::socket socket) {
                    get_full_export(s, p, std::move(req), std::move(socket));
                }});
}

}  // namespace baro::http
