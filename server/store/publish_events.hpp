#pragma once
#include <cstdint>

namespace pqxx { class transaction_base; }

namespace baro::store {

/// The PostgreSQL NOTIFY channel that carries publish and unpublish events to every node.
constexpr char const* publish_channel = "baro_publish";

/// Queues {"consultation_id":N,"id":N,"event":"publish"|"unpublish"} on publish_channel inside the
/// caller's transaction: listeners on every node hear it only if, and once, the decision commits.
void notify_publish(pqxx::transaction_base& tx, std::int64_t consultation_id, std::int64_t contribution_id,
                    bool published);

}  // namespace baro::store
