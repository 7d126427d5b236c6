#include "app/report_command.hpp"

#include "core/languages.hpp"
#include "http/i18n.hpp"
#include "http/report_page.hpp"
#include "store/consultations.hpp"
#include "store/database.hpp"
#include "store/decisions.hpp"
#include "store/publish_read.hpp"

#include <ctime>
#include <fstream>
#include <future>
#include <iostream>

namespace baro::app {

namespace {
// Runs one asynchronous store read and waits for its answer (the CLI has no event loop).
template<class T, class Start>
result<T> wait_for(Start start)
{
    std::promise<result<T>> promise;
    auto future = promise.get_future();
    start([&promise](result<T> r) { promise.set_value(std::move(r)); });
    return future.get();
}
}  // namespace

int cmd_report(config const& cfg, command_line const& cl)
{
    auto const opt = [&](char const* name, std::string fallback) {
        auto it = cl.options.find(name);
        return it == cl.options.end() ? fallback : it->second;
    };
    auto const output = opt("output", "");
    auto const lang = opt("lang", "fr");
    if(cl.words.size() < 2 || output.empty())
    {
        std::cerr << "usage: baro report SLUG --output FILE.html [--lang fr|bm|en]\n";
        return 2;
    }
    if(language_index(lang) == 0 && lang != "fr")
    {
        std::cerr << "baro report: --lang must be fr, bm or en\n";
        return 2;
    }
    auto catalog = store::load_catalog(cfg.database_url);
    if(! catalog)
    {
        std::cerr << "baro report: " << catalog.err().message << "\n";
        return 1;
    }
    auto const* c = store::find_by_slug(*catalog, cl.words[1]);
    if(! c)
    {
        std::cerr << "baro report: no consultation named \"" << cl.words[1] << "\"\n";
        return 1;
    }
    store::database db(cfg.database_url, 1);
    auto summary = wait_for<store::published_summary>([&](auto done) { store::load_published_summary(db, c->id, done); });
    auto record = wait_for<nlohmann::json>([&](auto done) { store::transparency(db, c->id, done); });
    db.stop();
    if(! summary || ! record)
    {
        std::cerr << "baro report: " << (summary ? record.err() : summary.err()).message << "\n";
        return 1;
    }
    std::time_t const now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char today[16];
    std::strftime(today, sizeof today, "%Y-%m-%d", &tm);
    http::messages const m;
    auto const page = http::report_page(m, lang, *c, *summary, *record, cfg.public_url, today);
    std::ofstream out(output, std::ios::binary);
    out << page;
    if(! out.flush())
    {
        std::cerr << "baro report: cannot write " << output << "\n";
        return 1;
    }
    std::cerr << "baro report: wrote " << output << " (" << page.size() << " bytes)\n";
    return 0;
}

}  // namespace baro::app
