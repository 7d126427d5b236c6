#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baro::channels {

/// Withdrawal keywords every channel understands; operators add more (e.g. Bambara "A JƆSI").
std::vector<std::string> const& default_withdrawal_keywords();

/// The form keywords are compared in: case-folded, accents and tone marks removed, Bambara letters
/// folded (text::search_key), surrounding punctuation dropped, inner spaces collapsed.
std::string fold_keyword(std::string_view text);

/// True when the whole trimmed message is a withdrawal keyword (a default one or one of `extra`).
bool is_withdrawal(std::string_view text, std::vector<std::string> const& extra = {});

/// A routing keyword and the message that followed it.
struct keyword_split
{
    std::string keyword;  ///< as spelled in the `known` list
    std::string rest;     ///< the message after the keyword, trimmed, faithful to what was sent
};

/// Splits a leading routing keyword off a message ("MT mon message" → {"MT", "mon message"}) when the
/// first word matches one of `known` (compared folded); nullopt otherwise.
std::optional<keyword_split> split_keyword(std::string_view text, std::vector<std::string> const& known);

}  // namespace baro::channels
