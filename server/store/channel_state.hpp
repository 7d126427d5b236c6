#pragma once
#include "core/result.hpp"
#include "store/outbox.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace baro::store {

class database;

/// How long a USSD conversation waits for the citizen's next answer.
constexpr auto ussd_session_lifetime = std::chrono::minutes(3);

/// What a withdrawal erased.
struct erased_sender
{
    std::int64_t rows = 0;
    std::string language;  ///< of the sender's latest contribution ("" when none): to answer in it
    bool replay = false;   ///< this withdrawal (channel, external_id) was already done: nothing erased
};

/// Erases every contribution of `sender_key` and records the withdrawal (without the key) under
/// (`channel`, `external_id`), the provider-scoped id of the STOP message. A withdrawal already
/// recorded under that id is a replay and erases nothing; an empty `external_id` is never a replay.
/// `confirmation`, when given, is queued in the outbox in the same transaction (a replay queues
/// none), in the language of the sender's latest contribution, else its own `language`.
/// `done` runs on a store thread, or gets an error (errc::unavailable: retry).
void erase_sender(database& db, std::string sender_key, std::string channel, std::string external_id,
                  std::optional<outbox_entry> confirmation, std::function<void(result<erased_sender>)> done);

/// The stored state of a USSD session, if it exists and is younger than ussd_session_lifetime.
void load_ussd_state(database& db, std::string session_id, std::function<void(result<std::optional<std::string>>)> done);

/// Stores (or replaces) a USSD session's state; an empty `state_json` deletes it. Also sweeps
/// sessions older than their lifetime.
void save_ussd_state(database& db, std::string session_id, std::string state_json, std::function<void(status)> done);

}  // namespace baro::store
