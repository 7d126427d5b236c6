#include "app/export_command.hpp"

#include "publish/open_data.hpp"
#include "store/consultations.hpp"
#include "store/publish_read.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

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
}  // namespace

int cmd_export(config const& cfg, command_line const& cl)
{
    if(cl.words.size() < 2)
    {
        std::cerr << "usage: baro export SLUG --format csv|jsonl [--output FILE] [--lang fr|bm|en]\n";
        return 2;
    }
    auto const opt = [&](char const* name, std::string fallback) {
        auto it = cl.options.find(name);
        return it == cl.options.end() ? fallback : it->second;
    };
    auto const format = opt("format", "csv");
    auto const lang = opt("lang", "fr");
    auto const output = opt("output", "");
    if(format != "csv" && format != "jsonl")
    {
        std::cerr << "baro export: --format must be csv or jsonl\n";
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
