#include "moderation/rules/audit_hash.hpp"

#include "core/crypto.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace baro::moderation {

namespace {

constexpr std::string_view audit_hash_tag = "baro-audit-v1";

void put_field(std::string& out, std::string_view field)
{
    auto n = static_cast<std::uint64_t>(field.size());
    char len[8];
    for(int i = 7; i >= 0; --i, n >>= 8)
        len[i] = static_cast<char>(n & 0xff);
    out.append(len, sizeof len);
    out.append(field);
}

}  // namespace

std::string const audit_genesis_hash(64, '0');

std::string audit_hash(std::string_view prev_hash, std::string_view at_iso, std::string_view actor, std::string_view action,
                       std::string_view subject, std::string_view detail_json)
{
    std::string message;
    message.reserve(audit_hash_tag.size() + prev_hash.size() + at_iso.size() + actor.size() + action.size() + subject.size() +
                    detail_json.size() + 7 * 8);
    for(auto field : {audit_hash_tag, prev_hash, at_iso, actor, action, subject, detail_json})
        put_field(message, field);
    return crypto::to_hex(crypto::sha256(message));
}

std::optional<std::string> canonical_audit_detail(std::string_view jsonb_text)
{
    auto const j = nlohmann::json::parse(jsonb_text, nullptr, false);
    if(j.is_discarded())
        return std::nullopt;
    try
    {
        return j.dump();
    }
    catch(nlohmann::json::exception const&)
    {
        return std::nullopt;  // invalid UTF-8 in a string: jsonb never returns it, but never hash a guess
    }
}

}  // namespace baro::moderation
