#include "core/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <stdexcept>

namespace baro::crypto {

namespace {
std::string hmac(EVP_MD const* md, std::string_view key, std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<unsigned char const*>(data.data()), data.size(), out,
         &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

struct sodium_ready
{
    sodium_ready()
    {
        if(::sodium_init() < 0)
            throw std::runtime_error("libsodium could not be initialised");
    }
};
}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(EVP_sha256(), key, data); }
std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac(EVP_sha1(), key, data); }

std::string sha256(std::string_view data)
{
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<unsigned char const*>(data.data()), data.size(), out);
    return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string to_hex(std::string_view bytes)
{
    static char const digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for(unsigned char c : bytes)
    {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string from_hex(std::string_view hex)
{
    auto nibble = [](char c) -> int {
        if(c >= '0' && c <= '9')
            return c - '0';
        if(c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if(c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    if(hex.size() % 2 != 0)
        return {};
    std::string out;
    out.reserve(hex.size() / 2);
    for(std::size_t i = 0; i < hex.size(); i += 2)
    {
        int const hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if(hi < 0 || lo < 0)
            return {};
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

std::string base64(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    int const n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<unsigned char const*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

bool equal_constant_time(std::string_view a, std::string_view b)
{
    if(a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for(std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string random_bytes(std::size_t n)
{
    static sodium_ready const once;
    std::string out(n, '\0');
    randombytes_buf(out.data(), n);
    return out;
}

std::string random_hex(std::size_t n) { return to_hex(random_bytes(n)); }

static_assert(secretbox_key_bytes == crypto_secretbox_KEYBYTES);

std::string seal(std::string_view key, std::string_view plain)
{
    if(key.size() != crypto_secretbox_KEYBYTES)
        return {};
    std::string out = random_bytes(crypto_secretbox_NONCEBYTES);
    out.resize(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    auto* const nonce = reinterpret_cast<unsigned char*>(out.data());
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<unsigned char const*>(plain.data()), plain.size(),
                          nonce, reinterpret_cast<unsigned char const*>(key.data()));
    return out;
}

std::optional<std::string> open(std::string_view key, std::string_view sealed)
{
    if(key.size() != crypto_secretbox_KEYBYTES || sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return std::nullopt;
    static sodium_ready const once;
    auto const* const nonce = reinterpret_cast<unsigned char const*>(sealed.data());
    auto const box = sealed.substr(crypto_secretbox_NONCEBYTES);
    std::string plain(box.size() - crypto_secretbox_MACBYTES, '\0');
    if(crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                  reinterpret_cast<unsigned char const*>(box.data()), box.size(), nonce,
                                  reinterpret_cast<unsigned char const*>(key.data())) != 0)
        return std::nullopt;
    return plain;
}

}  // namespace baro::crypto
