#include "core/json_text.hpp"

namespace baro {

std::string dump_json(nlohmann::json const& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace baro
