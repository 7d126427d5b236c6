#include "store/publish_events.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace baro::store {

void notify_publish(pqxx::transaction_base& tx, std::int64_t consultation_id, std::int64_t contribution_id,
                    bool published)
{
    nlohmann::json const payload{{"consultation_id", consultation_id},
                                 {"id", contribution_id},
                                 {"event", published ? "publish" : "unpublish"}};
    tx.exec_params("select pg_notify($1, $2)", publish_channel, payload.dump());
}

}  // namespace baro::store
