#pragma once
#include "channels/smssync.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "core/secrets.hpp"
#include "outbox/plan.hpp"

#include <functional>
#include <vector>

namespace baro::store {
class database;
}  // namespace baro::store

namespace baro::outbox {

/// At most this many SMS are handed to an SMSSync phone in one answer.
constexpr std::size_t smssync_handover_limit = 50;

/// Hands an SMSSync phone the replies waiting for it (acknowledgements, closed answers, STOP
/// confirmations), decided by plan_reply like any other: each is marked sent, its address erased,
/// with its uuid as provider_message_id, in the transaction that reads it, so that the next fetch
/// never hands it again; the skipped ones are settled there too. `done` (on a store thread) gets
/// the SMS to put in the answer, or the store's error (nothing was handed over).
void hand_over_smssync(store::database& db, secrets const& keys, text_lookup texts, baro::metrics& metrics,
                       std::function<void(result<std::vector<channels::smssync_message>>)> done);

/// Records an SMSSync phone's confirmation (POST ?task=sent) of the replies it took: confirmed_at on
/// each known one, counted in baro_outbox_confirmed_total{provider="smssync"}. `done` (on a store
/// thread) gets the uuids to answer with (the known ones; unknown ones are left out so that the
/// phone sends nothing baro did not hand it), or the store's error.
void confirm_smssync(store::database& db, baro::metrics& metrics, std::vector<std::string> uuids,
                     std::function<void(result<std::vector<std::string>>)> done);

}  // namespace baro::outbox
