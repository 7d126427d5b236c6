#pragma once
#include "core/languages.hpp"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace baro::http {

/// Interface messages, read once from client-web/i18n/*.json (embedded in the binary).
class messages
{
public:
    /// Loads every language from the embedded assets; throws on a malformed file (start-up only).
    messages();
    /// The message `key` in `lang`, falling back to French, then to the key itself.
    std::string const& get(std::string_view lang, std::string_view key) const;
    /// Every key of `lang` merged over French, for templates.
    std::map<std::string, std::string, std::less<>> all(std::string_view lang) const;

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> by_lang_;
    mutable std::mutex missing_mutex_;
    mutable std::set<std::string, std::less<>> missing_;  ///< keys asked for and found nowhere (stable references)
};

}  // namespace baro::http
