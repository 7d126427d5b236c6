#pragma once
#include <string_view>
#include <vector>

namespace baro::embedded {

/// A file compiled into the binary at build time (cmake/embed_files.cmake).
struct file
{
    std::string_view path;  ///< relative to its folder, e.g. "001_init.sql" or "citizen/form.html"
    std::string_view content;
};

/// sql/NNN_*.sql, sorted by name: the migrations `baro migrate` applies in order.
std::vector<file> const& migrations();

/// Everything under client-web/ (HTML templates, CSS, ES modules, i18n JSON).
std::vector<file> const& web_assets();

/// sql/seed/*: demo consultation data.
std::vector<file> const& seeds();

/// The file at `path` in `files`, or nullptr.
file const* find(std::vector<file> const& files, std::string_view path);

}  // namespace baro::embedded
