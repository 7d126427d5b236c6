#include "publish/xlsx_file.hpp"

#include <xlsxwriter.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

namespace baro::publish {

namespace {
/// Rows per sheet, Excel's limit.
constexpr std::uint32_t sheet_rows = LXW_ROW_MAX;
/// Characters a cell holds (Excel: 32,767); cut by bytes, which is never more characters.
constexpr std::size_t cell_bytes = 32767;

result<std::string> private_directory()
{
    char const* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/baro-xlsx.XXXXXX";
    if(! mkdtemp(pattern.data()))  // mode 0700: no other account reads an export being built
        return fail(errc::unavailable, "Cannot create a temporary directory for the XLSX file.");
    return pattern;
}
}  // namespace

std::string utf8_prefix(std::string const& text, std::size_t max_bytes)
{
    if(text.size() <= max_bytes)
        return text;
    std::size_t n = max_bytes;
    while(n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
        --n;
    return text.substr(0, n);
}

xlsx_file::xlsx_file(std::string dir, std::string path, std::vector<std::string> columns)
    : dir_(std::move(dir)),
      path_(path.empty() ? dir_ + "/export.xlsx" : std::move(path)),
      own_path_(path_.rfind(dir_ + "/", 0) == 0),
      columns_(std::move(columns))
{
}

result<std::unique_ptr<xlsx_file>> xlsx_file::create(std::string path, std::vector<std::string> columns)
{
    auto dir = private_directory();
    if(! dir)
        return dir.err();
    std::unique_ptr<xlsx_file> f(new xlsx_file(*dir, std::move(path), std::move(columns)));
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = f->dir_.data();
    options.use_zip64 = LXW_TRUE;  // a million rows of text may pass 4 GB uncompressed
    f->book_ = workbook_new_opt(f->path_.c_str(), &options);
    if(! f->book_)
        return fail(errc::unavailable, "Cannot create the XLSX file.");
    if(auto st = f->start_sheet(); ! st)
        return st.err();
    return result<std::unique_ptr<xlsx_file>>(std::move(f));
}

xlsx_file::~xlsx_file()
{
    if(book_)
        workbook_close(book_);  // frees it; the file is removed below
    std::error_code ec;
    if(own_path_)
        std::filesystem::remove(path_, ec);
    std::filesystem::remove_all(dir_, ec);
}

status xlsx_file::start_sheet()
{
    auto const name = "contributions" + (sheets_ ? " " + std::to_string(sheets_ + 1) : std::string());
    sheet_ = workbook_add_worksheet(book_, name.c_str());
    if(! sheet_)
        return fail(errc::internal, "Cannot add a sheet to the XLSX file.");
    ++sheets_;
    row_ = 0;
    for(std::size_t i = 0; i < columns_.size(); ++i)
        if(worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(i), columns_[i].c_str(), nullptr) != LXW_NO_ERROR)
            return fail(errc::internal, "Cannot write the XLSX header.");
    row_ = 1;
    return ok_t{};
}

status xlsx_file::add_row(std::vector<std::string> const& cells)
{
    if(! book_)
        return fail(errc::internal, "The XLSX file is closed.");
    if(row_ == sheet_rows)
        if(auto st = start_sheet(); ! st)
            return st;
    for(std::size_t i = 0; i < cells.size(); ++i)
    {
        auto const col = static_cast<lxw_col_t>(i);
        std::int64_t n = 0;
        auto const& v = cells[i];
        auto const [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        lxw_error err = LXW_NO_ERROR;
        if(i == 0 && ec == std::errc{} && end == v.data() + v.size() && ! v.empty())
            err = worksheet_write_number(sheet_, row_, col, static_cast<double>(n), nullptr);
        else if(! v.empty())
            err = worksheet_write_string(sheet_, row_, col, utf8_prefix(v, cell_bytes).c_str(), nullptr);
        if(err != LXW_NO_ERROR)
            return fail(errc::internal, std::string("Cannot write the XLSX row: ") + lxw_strerror(err));
    }
    ++row_;
    ++rows_;
    return ok_t{};
}

status xlsx_file::close()
{
    if(! book_)
        return ok_t{};
    auto const err = workbook_close(book_);
    book_ = nullptr;
    if(err != LXW_NO_ERROR)
        return fail(errc::unavailable, std::string("Cannot finish the XLSX file: ") + lxw_strerror(err));
    return ok_t{};
}

result<std::unique_ptr<std::FILE, int (*)(std::FILE*)>> xlsx_file::take()
{
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path_.c_str(), "rb"), &std::fclose);
    if(! f)
        return fail(errc::internal, "Cannot read the XLSX file.");
    std::error_code ec;
    if(own_path_)
        std::filesystem::remove(path_, ec);
    return result<std::unique_ptr<std::FILE, int (*)(std::FILE*)>>(std::move(f));
}

}  // namespace baro::publish
