#include "app/audit_command.hpp"

#include "store/audit.hpp"

#include <iostream>

namespace baro::app {

int cmd_audit_verify(config const& cfg)
{
    auto const r = store::verify_audit(cfg.database_url);
    if(! r)
    {
        std::cerr << "baro: " << r.err().message << "\n";
        return 1;
    }
    if(r->first_broken_id)
    {
        std::cout << "audit chain broken at entry " << *r->first_broken_id << ": " << r->reason << "\n";
        return 1;
    }
    std::cout << "audit chain intact: " << r->entries << " entries, head " << r->head << "\n";
    return 0;
}

}  // namespace baro::app
