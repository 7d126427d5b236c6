#pragma once
// Cuts an archive file into records as its bytes arrive, holding one record at a time (a file of a
// million posts is read in constant memory). Pure: bytes in, record texts out; each record is then
// read by a parser of channels/archive.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::channels {

/// One record cut from an archive: its text, or why it is broken, and where it starts.
struct archive_record
{
    std::string text;
    std::size_t line = 0;   ///< 1-based line where the record starts
    std::size_t index = 0;  ///< 0-based position among the file's records (JSON array element)
    std::string broken;     ///< non-empty: the record could not be cut out (text is what was read of it)
};

/// Called for each record, in file order.
using record_sink = std::function<void(archive_record const&)>;

/// A record longer than this is reported broken and not kept (the reader's memory bound).
constexpr std::size_t max_record_bytes = 1024 * 1024;

/// Which JSON values of an archive are its records.
enum class json_layout
{
    items,       ///< every object at the top level or in top-level arrays: tweets.js, API dumps, JSONL
    data_pages,  ///< every object in the "data" array of top-level objects: Graph API pages
};

/// Finds records in a stream of JSON text: tracks strings and brackets only, so the text around the
/// records (tweets.js's `window.YTD.tweets.part0 = `, a page's `paging`) is skipped, and a record's
/// own syntax is left to its parser. A broken record (a raw line break inside a string, an object
/// never closed before a new one starts a line at the top level, or over max_record_bytes) is
/// reported and the reader resumes at the next record.
class json_record_reader
{
public:
    explicit json_record_reader(json_layout layout);

    /// Reads the next bytes; calls `sink` for every record they complete.
    void feed(std::string_view bytes, record_sink const& sink);

    /// The end of the file: a record left open is reported broken.
    void finish(record_sink const& sink);

private:
    struct frame
    {
        char kind;    ///< '{' or '['
        bool data;    ///< an array of records (data_pages: a page's "data")
    };
    void outside(char c, record_sink const& sink);
    void inside(char c, record_sink const& sink);
    void emit(record_sink const& sink, std::string broken = {});
    bool at_record_level() const;

    json_layout layout_;
    std::vector<frame> frames_;  ///< containers open around the records (bounded depth)
    std::size_t deep_ = 0;       ///< containers opened past the bound
    bool in_string_ = false, escape_ = false;
    bool key_next_ = false;      ///< the next string outside records is an object key
    std::string key_;            ///< the last key outside records (first 16 bytes)
    std::string last_key_;
    std::string record_;
    bool in_record_ = false, overlong_ = false;
    int depth_ = 0;              ///< brackets open inside the current record
    std::size_t line_ = 1, column_ = 0, record_line_ = 0, index_ = 0;
};

/// Cuts CSV text into RFC 4180 records: a record continues past a line break inside quotes. The
/// first record is the header; blank lines are skipped.
class csv_record_reader
{
public:
    /// Reads the next bytes; calls `sink` for every record they complete (without its line break).
    void feed(std::string_view bytes, record_sink const& sink);
    /// The end of the file: a last record without a line break, or a quote left open (broken).
    void finish(record_sink const& sink);

private:
    void end_line(record_sink const& sink);
    std::string record_;
    bool quoted_ = false, overlong_ = false;
    std::size_t line_ = 1, record_line_ = 1, index_ = 0;
};

/// Cuts text into lines (JSONL): one record per line, without its line break; blank lines skipped.
class line_record_reader
{
public:
    void feed(std::string_view bytes, record_sink const& sink);
    void finish(record_sink const& sink);

private:
    std::string record_;
    bool overlong_ = false;
    std::size_t line_ = 1, index_ = 0;
};

}  // namespace baro::channels
