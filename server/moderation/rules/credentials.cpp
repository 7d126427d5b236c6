#include "moderation/rules/credentials.hpp"

#include "core/crypto.hpp"

namespace baro::moderation {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t code_points(std::string_view s)
{
    std::size_t n = 0;
    for(char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace

std::string normalise_email(std::string_view typed)
{
    while(! typed.empty() && is_space(typed.front()))
        typed.remove_prefix(1);
    while(! typed.empty() && is_space(typed.back()))
        typed.remove_suffix(1);
    std::string out(typed.substr(0, max_email_bytes));
    for(auto& c : out)
        if(c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string login_identifier_tag(std::string_view key, std::string_view typed_email)
{
    return crypto::to_hex(crypto::hmac_sha256(key, "login-identifier:" + normalise_email(typed_email))).substr(0, 16);
}

std::string new_password_problem(std::string_view current, std::string_view chosen, std::string_view repeated)
{
    if(chosen != repeated)
        return "mod.password.mismatch";
    if(code_points(chosen) < min_password_chars)
        return "mod.password.too_short";
    if(chosen.size() > max_password_bytes)
        return "mod.password.too_long";
    if(chosen == current)
        return "mod.password.unchanged";
    return "";
}

}  // namespace baro::moderation
