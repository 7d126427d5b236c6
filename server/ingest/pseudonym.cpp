#include "ingest/pseudonym.hpp"

#include "core/crypto.hpp"

namespace baro::ingest {

std::string sender_key(std::string_view pepper, std::string_view normalized_id)
{
    return crypto::to_hex(crypto::hmac_sha256(pepper, normalized_id));
}

std::string short_pseudonym(std::string_view key) { return std::string(key.substr(0, 6)); }

}  // namespace baro::ingest
