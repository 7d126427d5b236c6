#include "moderation/password.hpp"

#include "core/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace baro::moderation {

namespace {
// OWASP's minimum for argon2id: 19 MiB, 2 passes.
constexpr unsigned long long pwhash_ops = 2;
constexpr std::size_t pwhash_mem_bytes = 19u * 1024u * 1024u;
}  // namespace

std::string hash_password(std::string_view password)
{
    crypto::random_bytes(0);  // ensures sodium_init ran
    char out[crypto_pwhash_STRBYTES];
    if(crypto_pwhash_str_alg(out, password.data(), password.size(), pwhash_ops, pwhash_mem_bytes, crypto_pwhash_ALG_ARGON2ID13) !=
       0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool verify_password(std::string_view hash, std::string_view password)
{
    std::string const h(hash);
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string one_time_password()
{
    // No 0/O or 1/l/I: the password is read off a terminal and typed once.
    static char const alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    auto const bytes = crypto::random_bytes(20);
    std::string out;
    for(std::size_t i = 0; i < bytes.size(); ++i)
    {
        if(i && i % 5 == 0)
            out.push_back('-');
        out.push_back(alphabet[static_cast<unsigned char>(bytes[i]) % 32]);
    }
    return out;
}

}  // namespace baro::moderation
