#pragma once
#include "app/config.hpp"

namespace baro::app {

/// `baro audit verify`: walks the audit chain; exit 0 when intact, 1 when broken or unreadable.
int cmd_audit_verify(config const& cfg);

}  // namespace baro::app
