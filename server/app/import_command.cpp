#include "app/import_command.hpp"

#include "channels/archive.hpp"
#include "channels/archive_reader.hpp"
#include "ingest/archive.hpp"
#include "ingest/text_fields.hpp"
#include "store/archive_import.hpp"
#include "store/consultations.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <variant>

#include <sys/stat.h>
#include <unistd.h>

namespace baro::app {

namespace {

using clock = std::chrono::steady_clock;

constexpr std::size_t batch_rows = 2000;         // rows per statement and transaction
constexpr std::size_t read_bytes = 64 * 1024;    // bytes read from the file at a time
constexpr std::size_t max_reported = 1000;       // skipped records named on stderr; the rest are counted
constexpr auto redraw_every = std::chrono::milliseconds(250);

char const* const usage =
    "usage: baro import SLUG FILE --format x-archive|facebook-comments|csv|jsonl [--dry-run] [--stats]\n";

struct counts
{
    std::size_t read = 0, imported = 0, present = 0, skipped = 0;
};

// The live progress line on a terminal: count, rate, share of the file read and time left.
class progress_line
{
public:
    progress_line(bool shown, std::int64_t file_bytes) : shown_(shown), bytes_(file_bytes) {}

    void update(std::size_t records, std::int64_t at_byte, bool force = false)
    {
        auto const now = clock::now();
        if(! shown_ || (! force && now - last_ < redraw_every))
            return;
        last_ = now;
        double const seconds = std::chrono::duration<double>(now - start_).count();
        double const rate = seconds > 0 ? records / seconds : 0;
        double const share = bytes_ > 0 ? static_cast<double>(at_byte) / bytes_ : 1;
        long const left = share > 0 && share < 1 ? static_cast<long>(seconds * (1 - share) / share) : 0;
        std::fprintf(stderr, "\rimport %zu posts  %.0f/s  %3d%%  ETA %ld:%02ld  ", records, rate,
                     static_cast<int>(share * 100), left / 60, left % 60);
        std::fflush(stderr);
        drawn_ = true;
    }

    void clear()
    {
        if(drawn_)
            std::fputs("\r\033[K", stderr);
        drawn_ = false;
    }

private:
    bool shown_;
    std::int64_t bytes_;
    clock::time_point start_ = clock::now(), last_{};
    bool drawn_ = false;
};

// Reads one format: cuts the stream into records and each record into a post.
struct format_reader
{
    std::variant<channels::json_record_reader, channels::csv_record_reader, channels::line_record_reader> cutter;
    std::function<result<channels::archive_post>(std::string_view)> parse;
    bool numbered = false;  // JSON arrays: a record's index is worth reporting

    void feed(std::string_view bytes, channels::record_sink const& sink)
    {
        std::visit([&](auto& c) { c.feed(bytes, sink); }, cutter);
    }
    void finish(channels::record_sink const& sink)
    {
        std::visit([&](auto& c) { c.finish(sink); }, cutter);
    }
};

std::optional<format_reader> reader_for(std::string const& format)
{
    using namespace channels;
    if(format == "x-archive")
        return format_reader{json_record_reader(json_layout::items), parse_tweet, true};
    if(format == "facebook-comments")
        return format_reader{json_record_reader(json_layout::data_pages), parse_facebook_comment, true};
    if(format == "jsonl")
        return format_reader{line_record_reader(), parse_jsonl_post, false};
    if(format == "csv")
        return format_reader{csv_record_reader(), nullptr, false};  // parse is set by the header
    return std::nullopt;
}

std::string where(channels::archive_record const& r, bool numbered)
{
    return "line " + std::to_string(r.line) + (numbered ? ", record " + std::to_string(r.index + 1) : "");
}

long peak_rss_kb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while(std::getline(status, line))
        if(line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

// One run of the import: the records' trip from the file to the database, batch by batch.
class import_run
{
public:
    import_run(store::consultation_info const& c, std::string pepper, std::string const& url, bool dry_run, bool tty)
        : consultation_(c), pepper_(std::move(pepper)), importer_(url), dry_run_(dry_run), erase_(tty ? "\r\033[K" : "")
    {
    }

    counts const& totals() const { return n_; }

    void skip(std::string const& at, std::string const& why)
    {
        ++n_.skipped;
        if(n_.skipped <= max_reported)
            std::cerr << erase_ << at << ": " << why << " (skipped)\n";
        else if(n_.skipped == max_reported + 1)
            std::cerr << "more skipped records are counted, not shown\n";
    }

    /// Takes one record's post (or why it could not be read) into the batch.
    void read(result<channels::archive_post> const& post, std::string at)
    {
        ++n_.read;
        if(! post)
            return skip(at, post.err().message);
        auto row = ingest::prepare_archive(consultation_, *post, pepper_);
        if(! row)
            return skip(at, row.err().message);
        // The same post twice in one batch is one row: the second is "already present".
        if(! keys_.insert(post->platform + '\n' + post->id).second)
        {
            ++n_.present;
            return;
        }
        batch_.push_back(std::move(*row));
        origins_.push_back(std::move(at));
    }

    bool full() const { return batch_.size() >= batch_rows; }

    /// Writes the batch; false when the database failed (the error is printed).
    bool flush()
    {
        if(batch_.empty())
            return true;
        auto const ok = dry_run_ ? check(batch_) : write(batch_, origins_);
        batch_.clear();
        origins_.clear();
        keys_.clear();
        return ok;
    }

private:
    bool check(std::vector<store::archived_row> const& rows)
    {
        auto const present = importer_.count_present(rows);
        if(! present)
            return failed(present.err());
        n_.present += *present;
        n_.imported += rows.size() - *present;
        return true;
    }

    // A batch the database refuses for one row's data is halved until only that row is skipped.
    bool write(std::vector<store::archived_row> const& rows, std::vector<std::string> const& origins)
    {
        auto const added = importer_.insert(rows);
        if(added)
        {
            n_.imported += *added;
            n_.present += rows.size() - *added;
            return true;
        }
        if(added.err().code != errc::unprocessable)
            return failed(added.err());
        if(rows.size() == 1)
        {
            skip(origins.front(), "the database refuses this record");
            return true;
        }
        auto const half = static_cast<std::ptrdiff_t>(rows.size() / 2);
        return write({rows.begin(), rows.begin() + half}, {origins.begin(), origins.begin() + half}) &&
               write({rows.begin() + half, rows.end()}, {origins.begin() + half, origins.end()});
    }

    bool failed(error const& e)
    {
        std::cerr << erase_ << "baro import: " << e.message << "; " << n_.imported
                  << " imported before it; running the same import again continues (nothing is added twice)\n";
        return false;
    }

    store::consultation_info const& consultation_;
    std::string pepper_;
    store::archive_importer importer_;
    bool dry_run_;
    char const* erase_;  // a terminal's progress line is erased before a message
    counts n_;
    std::vector<store::archived_row> batch_;
    std::vector<std::string> origins_;
    std::set<std::string> keys_;
};

}  // namespace

int cmd_import(config const& cfg, command_line const& cl)
{
    auto const format = cl.options.count("format") ? cl.options.at("format") : "";
    auto reader = reader_for(format);
    if(cl.words.size() != 3 || ! reader)
    {
        std::cerr << (reader || format.empty() ? "" : "baro import: unknown --format \"" + format + "\"\n") << usage;
        return 2;
    }
    bool const dry_run = cl.options.count("dry-run") > 0;
    if(cfg.keys.pepper.empty() && ! dry_run)
    {
        std::cerr << "baro import: authors are pseudonymized with the pepper of BARO_SECRETS_FILE, and none is set\n";
        return 2;
    }
    auto catalog = store::load_catalog(cfg.database_url);
    if(! catalog)
    {
        std::cerr << "baro import: " << catalog.err().message << "\n";
        return 1;
    }
    ingest::prepare_catalog(*catalog);
    auto const* c = store::find_by_slug(*catalog, cl.words[1]);
    if(! c)
    {
        std::cerr << "baro import: no consultation named \"" << cl.words[1] << "\"\n";
        return 1;
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(cl.words[2].c_str(), "rb"), &std::fclose);
    struct stat st{};
    if(! file || fstat(fileno(file.get()), &st) != 0)
    {
        std::cerr << "baro import: cannot read " << cl.words[2] << "\n";
        return 1;
    }

    bool const tty = isatty(STDERR_FILENO);
    import_run run(*c, cfg.keys.pepper, cfg.database_url, dry_run, tty);
    progress_line progress(tty, st.st_size);
    std::optional<std::map<std::string, std::size_t>> columns;
    bool database_ok = true, header_ok = true;
    std::int64_t at_byte = 0;
    auto const sink = [&](channels::archive_record const& r) {
        if(! database_ok || ! header_ok)
            return;
        if(format == "csv" && ! columns)
        {
            auto header = channels::csv_header(r.text);
            if(! header)
            {
                std::cerr << "baro import: " << cl.words[2] << " line " << r.line << ": " << header.err().message << "\n";
                header_ok = false;
                return;
            }
            columns = std::move(*header);
            reader->parse = [&columns](std::string_view text) { return channels::parse_csv_post(text, *columns); };
            return;
        }
        progress.update(run.totals().read, at_byte);
        auto const at = where(r, reader->numbered);
        auto post = r.broken.empty() ? reader->parse(r.text) : result<channels::archive_post>(fail(errc::bad_request, r.broken));
        run.read(post, at);
        if(run.full())
            database_ok = run.flush();
    };
    std::string buffer(read_bytes, '\0');
    while(database_ok && header_ok)
    {
        auto const got = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if(got == 0)
            break;
        at_byte += static_cast<std::int64_t>(got);
        reader->feed({buffer.data(), got}, sink);
    }
    if(std::ferror(file.get()))
    {
        progress.clear();
        std::cerr << "baro import: reading " << cl.words[2] << " failed\n";
        return 1;
    }
    if(database_ok && header_ok)
        reader->finish(sink);
    if(database_ok && header_ok)
        database_ok = run.flush();
    progress.clear();
    if(! header_ok)
        return 1;
    auto const& n = run.totals();
    std::cout << (dry_run ? "dry run (nothing written): read " : "read ") << n.read << ", "
              << (dry_run ? "would import " : "imported ") << n.imported << ", already present " << n.present
              << ", skipped " << n.skipped << "\n";
    if(cl.options.count("stats"))
        std::cerr << "peak_rss_kb " << peak_rss_kb() << "\n";
    if(! database_ok)
        return 1;
    return n.skipped ? 3 : 0;
}

}  // namespace baro::app
