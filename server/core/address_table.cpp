#include "core/address_table.hpp"

#include <arpa/inet.h>

#include <array>

namespace baro {

namespace {
constexpr std::array<unsigned char, 12> v4_mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_v4_mapped(unsigned char const (&b)[16])
{
    for(std::size_t i = 0; i < v4_mapped_prefix.size(); ++i)
        if(b[i] != v4_mapped_prefix[i])
            return false;
    return true;
}
}  // namespace

std::string limit_key(std::string_view address)
{
    std::string const text(address);
    unsigned char v4[4];
    if(inet_pton(AF_INET, text.c_str(), v4) == 1)
        return text;
    unsigned char v6[16];
    if(inet_pton(AF_INET6, text.c_str(), v6) != 1)
        return text;
    char out[INET6_ADDRSTRLEN] = {};
    if(is_v4_mapped(v6))
    {
        inet_ntop(AF_INET, v6 + 12, out, sizeof out);
        return out;
    }
    for(std::size_t i = 8; i < 16; ++i)
        v6[i] = 0;
    inet_ntop(AF_INET6, v6, out, sizeof out);
    return std::string(out) + "/64";
}

bool is_loopback(std::string_view address)
{
    std::string const text(address);
    unsigned char v4[4];
    if(inet_pton(AF_INET, text.c_str(), v4) == 1)
        return v4[0] == 127;
    unsigned char v6[16];
    if(inet_pton(AF_INET6, text.c_str(), v6) != 1)
        return false;
    if(is_v4_mapped(v6))
        return v6[12] == 127;
    for(std::size_t i = 0; i < 15; ++i)
        if(v6[i] != 0)
            return false;
    return v6[15] == 1;
}

address_table::lease::lease(lease&& other) noexcept : table_(other.table_), key_(std::move(other.key_))
{
    other.table_ = nullptr;
}

address_table::lease& address_table::lease::operator=(lease&& other) noexcept
{
    if(this != &other)
    {
        release();
        table_ = other.table_;
        key_ = std::move(other.key_);
        other.table_ = nullptr;
    }
    return *this;
}

address_table::lease::~lease() { release(); }

void address_table::lease::release()
{
    if(table_)
        table_->release(key_);
    table_ = nullptr;
}

address_table::admission address_table::admit(std::string_view key)
{
    std::string k(key);
    std::lock_guard lock(mutex_);
    if(total_cap_ && total_ >= total_cap_)
        return {{}, refusal::total};
    auto& n = by_key_[k];
    if(per_address_ && n >= per_address_)
        return {{}, refusal::per_address};
    ++n;
    ++total_;
    return {lease(this, std::move(k)), refusal::none};
}

address_table::admission address_table::admit_total_only()
{
    std::lock_guard lock(mutex_);
    if(total_cap_ && total_ >= total_cap_)
        return {{}, refusal::total};
    ++total_;
    return {lease(this, {}), refusal::none};
}

void address_table::release(std::string const& key)
{
    std::lock_guard lock(mutex_);
    --total_;
    if(key.empty())
        return;
    auto it = by_key_.find(key);
    if(it != by_key_.end() && --it->second == 0)
        by_key_.erase(it);  // the table holds only addresses that hold something
}

std::size_t address_table::total() const
{
    std::lock_guard lock(mutex_);
    return total_;
}

std::size_t address_table::held_by(std::string_view key) const
{
    std::lock_guard lock(mutex_);
    auto it = by_key_.find(std::string(key));
    return it == by_key_.end() ? 0 : it->second;
}

std::size_t address_table::addresses() const
{
    std::lock_guard lock(mutex_);
    return by_key_.size();
}

}  // namespace baro
