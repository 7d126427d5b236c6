#include "app/export_command.hpp"

#include "publish/full_export.hpp"
#include "publish/open_data.hpp"
#include "publish/xlsx_file.hpp"
#include "store/consultations.hpp"
#include "store/full_export.hpp"
#include "store/publish_read.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

#include <pwd.h>
#include <unistd.h>

namespace baro::app {

namespace {
void progress(std::int64_t done, std::int64_t total)
{
    int const percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    int const filled = percent * 30 / 100;
    std::fprintf(stderr, "\rexport [%.*s%*s] %3d%%  %lld/%lld", filled, "##############################", 30 - filled, "",
                 percent, static_cast<long long>(done), static_cast<long long>(total));
}
// Who ran the command, for the audit entry: the operating system account (an operator on the server).
std::string cli_actor()
{
    auto const* pw = getpwuid(geteuid());
    return "cli:" + std::string(pw ? pw->pw_name : std::to_string(geteuid()));
}

using file_ptr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// `baro export SLUG --all`: every contribution, audited like a download from the console.
int export_all(config const& cfg, store::consultation_info const& c, std::string const& format, std::string const& output,
               std::string const& lang, bool raw)
{
    if(format == "xlsx" && output.empty())
    {
        std::cerr << "baro export: --format xlsx needs --output FILE\n";
        return 2;
    }
    std::unique_ptr<publish::xlsx_file> book;
    file_ptr file(nullptr, &std::fclose);
    if(format == "xlsx")
    {
        auto b = publish::xlsx_file::create(output, publish::full_export_columns());
        if(! b)
        {
            std::cerr << "baro export: " << b.err().message << "\n";
            return 1;
        }
        book = std::move(*b);
    }
    else if(! output.empty())
    {
        file.reset(std::fopen(output.c_str(), "wb"));
        if(! file)
        {
            std::cerr << "baro export: cannot write " << output << "\n";
            return 1;
        }
    }
    std::FILE* out = file ? file.get() : stdout;
    std::int64_t total = 0, n = 0;
    bool const bar = isatty(STDERR_FILENO);
    status written = ok_t{};
    auto const st = store::stream_full_export(
        cfg.database_url, {c.id, c.slug, cli_actor(), format, raw, "cli"},
        [&](std::int64_t rows) {
            total = rows;
            if(! book)
                std::fputs(publish::csv_row(publish::full_export_columns()).c_str(), out);
        },
        [&](store::full_contribution const& row) {
            auto const cells = publish::full_export_cells(c.slug, row, raw, lang);
            if(book)
                written = book->add_row(cells);
            else if(auto const line = publish::csv_row(cells); std::fwrite(line.data(), 1, line.size(), out) != line.size())
                written = fail(errc::internal, "cannot write " + (output.empty() ? std::string("standard output") : output));
            if(bar && total && (++n % 1000 == 0))
                progress(n, total);
            return written.ok();
        });
    if(bar && total)
    {
        progress(total, total);
        std::fputc('\n', stderr);
    }
    if(st && written && book)
        written = book->close();
    if(! st || ! written)
    {
        std::cerr << "baro export: " << (st ? written.err().message : st.err().message) << "\n";
        return 1;
    }
    if(std::fflush(out) != 0)
        return 1;
    std::cerr << "exported " << total << " contributions (all states, " << (raw ? "raw" : "redacted") << " text)\n";
    return 0;
}

}  // namespace

int cmd_export(config const& cfg, command_line const& cl)
{
    if(cl.words.size() < 2)
    {
        std::cerr << "usage: baro export SLUG --format csv|jsonl [--output FILE] [--lang fr|bm|en]\n"
                     "       baro export SLUG --all --format csv|xlsx [--raw] --output FILE [--lang fr|bm|en]\n";
        return 2;
    }
    auto const opt = [&](char const* name, std::string fallback) {
        auto it = cl.options.find(name);
        return it == cl.options.end() ? fallback : it->second;
    };
    auto const format = opt("format", "csv");
    auto const lang = opt("lang", "fr");
    auto const output = opt("output", "");
    bool const all = cl.options.count("all") > 0;
    if(all ? format != "csv" && format != "xlsx" : format != "csv" && format != "jsonl")
    {
        std::cerr << "baro export: --format must be " << (all ? "csv or xlsx" : "csv or jsonl") << "\n";
        return 2;
    }
    if(cl.options.count("raw") && ! all)
    {
        std::cerr << "baro export: --raw goes with --all (the open data is always redacted)\n";
        return 2;
    }
    auto catalog = store::load_catalog(cfg.database_url);
    if(! catalog)
    {
        std::cerr << "baro export: " << catalog.err().message << "\n";
        return 1;
    }
    auto const* c = store::find_by_slug(*catalog, cl.words[1]);
    if(! c)
    {
        std::cerr << "baro export: no consultation named \"" << cl.words[1] << "\"\n";
        return 1;
    }
    if(all)
        return export_all(cfg, *c, format, output, lang, cl.options.count("raw") > 0);
    auto const total = store::count_published(cfg.database_url, c->id);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(output.empty() ? nullptr : std::fopen(output.c_str(), "wb"),
                                                         &std::fclose);
    if(! output.empty() && ! file)
    {
        std::cerr << "baro export: cannot write " << output << "\n";
        return 1;
    }
    std::FILE* out = file ? file.get() : stdout;
    bool const bar = isatty(STDERR_FILENO) && total;
    if(format == "csv")
        std::fputs(publish::csv_header().c_str(), out);
    std::int64_t n = 0;
    auto const st = store::stream_published(cfg.database_url, c->id, [&](store::public_contribution const& row) {
        auto const line = format == "csv" ? publish::csv_line(c->slug, row, lang) : publish::jsonl_line(c->slug, row, lang);
        if(std::fwrite(line.data(), 1, line.size(), out) != line.size())
            return false;
        if(bar && (++n % 1000 == 0))
            progress(n, *total);
        return true;
    });
    if(bar)
    {
        progress(*total, *total);
        std::fputc('\n', stderr);
    }
    if(! st)
    {
        std::cerr << "baro export: " << st.err().message << "\n";
        return 1;
    }
    if(std::fflush(out) != 0)
        return 1;
    std::cerr << "exported " << (total ? *total : n) << " contributions\n";
    return 0;
}

}  // namespace baro::app
