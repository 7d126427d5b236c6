#pragma once
// The append-only, hash-chained audit log (table audit_event). Each entry holds the SHA-256 of the
// one before (moderation/rules/audit_hash.hpp says exactly what is hashed), so removing or changing
// any entry but the newest shows up in verify_audit.
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

// Declared only: pqxx types never leave store/.
namespace pqxx {
class transaction_base;
}

namespace baro::store {

/// One thing that happened: who did what to which item, with whatever else explains it.
struct audit_entry
{
    std::string actor;    ///< e.g. "moderator:12", "system"
    std::string action;   ///< e.g. "login", "transition", "bulk_tag"
    std::string subject;  ///< e.g. "contribution:4711"; "" when none (stored as NULL)
    nlohmann::json detail = nlohmann::json::object();
};

/// Appends `e` inside the caller's transaction, so it commits or rolls back with the decision it
/// records; returns the new entry's hash. Takes a transaction-scoped advisory lock: appenders queue
/// until the one before commits, and the chain stays linear. Call it last in the transaction, to
/// hold the lock briefly. The caller's transaction should be read committed (pqxx::work); in a
/// repeatable-read one racing another appender, the insert fails rather than fork the chain.
/// Throws pqxx errors, like everything else run inside a store transaction.
std::string append_audit(pqxx::transaction_base& tx, audit_entry const& e);

/// What verify_audit found.
struct audit_report
{
    std::int64_t entries = 0;                     ///< entries checked and found intact
    std::optional<std::int64_t> first_broken_id;  ///< the first entry whose link or contents fail
    std::string head;                             ///< hash of the last intact entry (genesis when none)
    std::string reason;                           ///< why first_broken_id is broken; "" when intact
};

/// Walks the whole chain in id order, in one consistent snapshot, and names the first broken link.
/// A truncated tail (newest entries deleted) leaves an intact chain: compare `head` with one
/// published earlier to detect it.
result<audit_report> verify_audit(std::string const& url);

}  // namespace baro::store
