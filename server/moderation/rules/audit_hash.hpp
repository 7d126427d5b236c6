#pragma once
// The hash that links one audit entry to the one before. Pure, so anyone holding an export of the
// audit table can re-check the chain without trusting the operator or this code base.
#include <optional>
#include <string>
#include <string_view>

namespace baro::moderation {

/// The prev_hash of the first entry: 64 zeros.
extern std::string const audit_genesis_hash;

/// Lower-case hex SHA-256 of one audit entry, chained to the previous entry's hash.
///
/// The hashed message is the ASCII tag "baro-audit-v1" followed by six fields, in this order:
/// prev_hash, at, actor, action, subject, detail. Each field (and the tag) is written as its length
/// in bytes, an unsigned 64-bit big-endian integer, then its bytes. Length prefixes make the encoding
/// unambiguous: no choice of field contents can make two different entries hash the same message.
///   - at: the time in UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always six fraction digits);
///   - subject: "" when the entry concerns nothing in particular;
///   - detail: compact JSON with keys sorted, UTF-8 unescaped (nlohmann::json::dump()), of the detail
///     as PostgreSQL's jsonb stores it (see canonical_audit_detail).
std::string audit_hash(std::string_view prev_hash, std::string_view at_iso, std::string_view actor, std::string_view action,
                       std::string_view subject, std::string_view detail_json);

/// The canonical text of a detail read back from jsonb (`detail::text`): parsed and dumped again by
/// nlohmann::json (sorted keys, no spaces, numbers as jsonb kept them); nullopt when not JSON.
/// jsonb reorders keys and normalises numbers, so this, not the caller's own dump, is what is hashed.
std::optional<std::string> canonical_audit_detail(std::string_view jsonb_text);

}  // namespace baro::moderation
