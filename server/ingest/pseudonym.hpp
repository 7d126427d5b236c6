#pragma once
#include <string>
#include <string_view>

namespace baro::ingest {

/// sender_key = hex(HMAC-SHA256(pepper, normalized sender id)): stable per sender, unlinkable without
/// the pepper. The raw id never goes further than this function's caller.
std::string sender_key(std::string_view pepper, std::string_view normalized_id);

/// The short form moderators see, e.g. "7f3a9c".
std::string short_pseudonym(std::string_view sender_key);

}  // namespace baro::ingest
