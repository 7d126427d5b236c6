#pragma once
// An XLSX workbook written row by row with libxlsxwriter in its constant_memory mode: each row goes
// to a temporary file as it is added, so memory stays flat whatever the row count. libxlsxwriter
// 1.1.4 (Debian 12) writes to a file only, so a download is built in a private directory (mode 0700)
// and streamed from there; the file is unlinked as soon as it is opened for streaming.
#include "core/result.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;

namespace baro::publish {

/// Rows of one sheet per 1,048,576 (Excel's limit): header first, then the rows.
class xlsx_file
{
public:
    /// A workbook at `path`, or, when `path` is "", in a fresh private temporary directory that the
    /// destructor removes; libxlsxwriter's own temporary files go to a private directory too.
    /// `columns` head every sheet.
    static result<std::unique_ptr<xlsx_file>> create(std::string path, std::vector<std::string> columns);
    ~xlsx_file();
    xlsx_file(xlsx_file const&) = delete;
    xlsx_file& operator=(xlsx_file const&) = delete;

    /// Appends a row; a first cell that is a whole number is written as a number, the others as text
    /// (never as a formula). Texts longer than a cell holds are cut on a character boundary.
    status add_row(std::vector<std::string> const& cells);

    /// Finishes the workbook (writes the zip). No row may be added after.
    status close();

    /// The finished file opened for reading and already unlinked (with its directory when private):
    /// nothing stays on disk once it is closed. Call after close().
    result<std::unique_ptr<std::FILE, int (*)(std::FILE*)>> take();

    /// Rows added so far (not counting headers).
    std::int64_t rows() const { return rows_; }

private:
    xlsx_file(std::string dir, std::string path, std::vector<std::string> columns);
    status start_sheet();

    std::string dir_;   ///< the private directory (temporary files, and the workbook when path was "")
    std::string path_;  ///< the workbook
    bool own_path_;     ///< path_ lies in dir_
    std::vector<std::string> columns_;
    lxw_workbook* book_ = nullptr;
    lxw_worksheet* sheet_ = nullptr;
    int sheets_ = 0;
    std::uint32_t row_ = 0;  ///< next row on the current sheet
    std::int64_t rows_ = 0;
};

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a UTF-8 character boundary. Pure.
std::string utf8_prefix(std::string const& text, std::size_t max_bytes);

}  // namespace baro::publish
