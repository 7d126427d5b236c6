#include "moderation/rules/audit_hash.hpp"

#include <catch2/catch.hpp>

using namespace baro::moderation;

TEST_CASE("the audit hash matches the documented encoding", "[moderation][audit]")
{
    // Expected values computed independently (Python hashlib) from the encoding documented in
    // audit_hash.hpp: "baro-audit-v1" then six fields, each as a u64 big-endian length and its bytes.
    CHECK(audit_genesis_hash == std::string(64, '0'));
    auto const first = audit_hash(audit_genesis_hash, "2025-01-15T09:30:00.000000Z", "moderator:7", "transition",
                                  "contribution:42", R"({"from":"new","reason":"insulte","to":"rejected"})");
    CHECK(first == "06a2f1f996e7d694a1a5c26da819ae5dd44d68876d4c302b597b78a6b0f175a7");
    CHECK(audit_hash(first, "2025-01-15T09:31:00.250000Z", "moderator:7", "login", "", "{}") ==
          "d0d9337fdbed33ead29358b07d5aef0176495c1e16bf7da330c0a6c823394c9c");
}

TEST_CASE("moving text from one audit field to the next changes the hash", "[moderation][audit]")
{
    auto const at = "2025-01-15T09:30:00.000000Z";
    auto const a = audit_hash(audit_genesis_hash, at, "moderator:7", "transition", "", "{}");
    CHECK(audit_hash(audit_genesis_hash, at, "moderator:7transition", "", "", "{}") != a);
    CHECK(audit_hash(audit_genesis_hash, at, "moderator:", "7transition", "", "{}") != a);
    CHECK(audit_hash(audit_genesis_hash, at, "moderator:7", "transitio", "n", "{}") != a);
}

TEST_CASE("every audit field and the previous hash count", "[moderation][audit]")
{
    auto const h = [](std::string prev, std::string at, std::string actor, std::string action, std::string subject,
                      std::string detail) { return audit_hash(prev, at, actor, action, subject, detail); };
    auto const base = h(audit_genesis_hash, "t", "a", "b", "s", "{}");
    CHECK(base.size() == 64);
    CHECK(h(std::string(63, '0') + "1", "t", "a", "b", "s", "{}") != base);
    CHECK(h(audit_genesis_hash, "u", "a", "b", "s", "{}") != base);
    CHECK(h(audit_genesis_hash, "t", "A", "b", "s", "{}") != base);
    CHECK(h(audit_genesis_hash, "t", "a", "B", "s", "{}") != base);
    CHECK(h(audit_genesis_hash, "t", "a", "b", "S", "{}") != base);
    CHECK(h(audit_genesis_hash, "t", "a", "b", "s", "[]") != base);
}

TEST_CASE("a detail read back from jsonb is hashed in nlohmann's sorted compact form", "[moderation][audit]")
{
    // jsonb orders keys by length, then bytes, and writes ", " and ": ".
    CHECK(canonical_audit_detail(R"({"b": 1, "aa": [1, 2.5, "kɔnɔ ߒ"], "reason": null})") ==
          std::optional<std::string>(R"({"aa":[1,2.5,"kɔnɔ ߒ"],"b":1,"reason":null})"));
    CHECK(canonical_audit_detail("{}") == std::optional<std::string>("{}"));
    CHECK_FALSE(canonical_audit_detail("{not json"));
}
