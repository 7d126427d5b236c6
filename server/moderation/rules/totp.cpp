#include "moderation/rules/totp.hpp"

#include "core/crypto.hpp"

namespace baro::moderation {

namespace {

constexpr char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::size_t totp_secret_bytes = 20;
// 32 symbols, so each random byte gives 5 unbiased bits; l, o, 0 and 1 are left out as look-alikes.
constexpr char recovery_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
constexpr int recovery_groups = 3;
constexpr int recovery_group_chars = 4;

int base32_value(char c)
{
    if(c >= 'A' && c <= 'Z')
        return c - 'A';
    if(c >= 'a' && c <= 'z')
        return c - 'a';
    if(c >= '2' && c <= '7')
        return c - '2' + 26;
    return -1;
}

// RFC 4226 §5.3: dynamic truncation of HMAC-SHA-1(key, big-endian counter), last 6 decimal digits.
std::string hotp(std::string_view key, std::int64_t counter)
{
    std::string msg(8, '\0');
    auto c = static_cast<std::uint64_t>(counter);
    for(int i = 7; i >= 0; --i, c >>= 8)
        msg[static_cast<std::size_t>(i)] = static_cast<char>(c & 0xff);
    auto const mac = crypto::hmac_sha1(key, msg);
    auto const byte = [&mac](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i])); };
    std::size_t const offset = byte(19) & 0x0f;
    std::uint32_t const binary = (byte(offset) & 0x7f) << 24 | byte(offset + 1) << 16 | byte(offset + 2) << 8 | byte(offset + 3);
    std::string code = std::to_string(binary % 1000000);
    return std::string(static_cast<std::size_t>(totp_digits) - code.size(), '0') + code;
}

bool is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

// RFC 3986 percent-encoding of everything but unreserved characters (space becomes %20, never '+').
std::string percent_encode(std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for(char ch : s)
    {
        auto const c = static_cast<unsigned char>(ch);
        if(is_unreserved(c))
            out += ch;
        else
        {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0f];
        }
    }
    return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    std::uint32_t buffer = 0;
    int bits = 0;
    for(char ch : bytes)
    {
        buffer = (buffer << 8) | static_cast<unsigned char>(ch);
        bits += 8;
        while(bits >= 5)
        {
            bits -= 5;
            out += base32_alphabet[(buffer >> bits) & 0x1f];
        }
    }
    if(bits > 0)
        out += base32_alphabet[(buffer << (5 - bits)) & 0x1f];
    return out;
}

std::optional<std::string> base32_decode(std::string_view text)
{
    while(! text.empty() && text.back() == '=')
        text.remove_suffix(1);
    // A final group of 8 symbols carries 5 bytes; 1, 3 or 6 leftover symbols cannot end a byte string.
    auto const rest = text.size() % 8;
    if(rest == 1 || rest == 3 || rest == 6)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 5 / 8);
    std::uint32_t buffer = 0;
    int bits = 0;
    for(char ch : text)
    {
        int const v = base32_value(ch);
        if(v < 0)
            return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if(bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    if((buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

std::string new_totp_secret() { return base32_encode(crypto::random_bytes(totp_secret_bytes)); }

std::int64_t totp_step(std::int64_t unix_time)
{
    auto const q = unix_time / totp_step_seconds;
    return unix_time % totp_step_seconds < 0 ? q - 1 : q;
}

std::string totp_code(std::string_view secret_base32, std::int64_t unix_time)
{
    auto const key = base32_decode(secret_base32);
    if(! key || key->empty())
        return {};
    return hotp(*key, totp_step(unix_time));
}

std::optional<std::int64_t> totp_verify(std::string_view secret_base32, std::string_view code, std::int64_t unix_time,
                                        std::int64_t last_used_step)
{
    auto const key = base32_decode(secret_base32);
    if(! key || key->empty())
        return std::nullopt;
    std::string typed;
    for(char c : code)
        if(c != ' ')
            typed += c;
    if(typed.size() != static_cast<std::size_t>(totp_digits))
        return std::nullopt;
    for(char c : typed)
        if(c < '0' || c > '9')
            return std::nullopt;
    // Compare against every candidate, so the time taken does not tell which step matched.
    std::optional<std::int64_t> matched;
    auto const now = totp_step(unix_time);
    for(std::int64_t step = now - 1; step <= now + 1; ++step)
    {
        bool const same = crypto::equal_constant_time(hotp(*key, step), typed);
        if(same && step > last_used_step && ! matched)
            matched = step;
    }
    return matched;
}

std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32)
{
    // Key URI format (Google Authenticator wiki): label "issuer:account", issuer repeated as a parameter.
    std::string const iss = percent_encode(issuer);
    return "otpauth://totp/" + iss + ":" + percent_encode(account) + "?secret=" + std::string(secret_base32) + "&issuer=" + iss +
           "&algorithm=SHA1&digits=" + std::to_string(totp_digits) + "&period=" + std::to_string(totp_step_seconds);
}

std::vector<std::string> new_recovery_codes(int n)
{
    std::vector<std::string> codes;
    for(int i = 0; i < n; ++i)
    {
        auto const bytes = crypto::random_bytes(recovery_groups * recovery_group_chars);
        std::string code;
        for(std::size_t j = 0; j < bytes.size(); ++j)
        {
            if(j > 0 && j % recovery_group_chars == 0)
                code += '-';
            code += recovery_alphabet[static_cast<unsigned char>(bytes[j]) & 0x1f];
        }
        codes.push_back(std::move(code));
    }
    return codes;
}

std::string hash_recovery_code(std::string_view code)
{
    std::string normal;
    for(char c : code)
    {
        if(c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        normal += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return crypto::to_hex(crypto::sha256(normal));
}

}  // namespace baro::moderation
