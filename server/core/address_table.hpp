#pragma once
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace baro {

/// The key per-address limits count under: an IPv4 address as is (an IPv4-mapped IPv6 address as its
/// IPv4 form), an IPv6 address as its /64 (one subscriber line or host owns a whole /64, so counting
/// single IPv6 addresses would cap nothing). Anything else is returned unchanged. Pure.
std::string limit_key(std::string_view address);

/// True for a loopback address (127.0.0.0/8, ::1, or IPv4-mapped 127.x). Pure.
bool is_loopback(std::string_view address);

/// Counts what client addresses hold (connections, event streams, downloads) against a cap per
/// address and a cap in total. Thread-safe; a granted slot is a `lease`, given back when the lease
/// is destroyed. Reusable for any per-address resource: make one table per resource.
class address_table
{
public:
    /// Why a slot was refused.
    enum class refusal
    {
        none,
        per_address,
        total
    };

    /// One slot; move-only. Releases its slot when destroyed. The table must outlive it.
    class lease
    {
    public:
        lease() = default;
        lease(lease&& other) noexcept;
        lease& operator=(lease&& other) noexcept;
        lease(lease const&) = delete;
        lease& operator=(lease const&) = delete;
        ~lease();
        /// True when this lease holds a slot.
        bool held() const { return table_ != nullptr; }

    private:
        friend class address_table;
        lease(address_table* table, std::string key) : table_(table), key_(std::move(key)) {}
        void release();
        address_table* table_ = nullptr;
        std::string key_;  ///< empty: counted in the total only
    };

    /// What admit() decided: a held lease, or the refusal.
    struct admission
    {
        lease slot;
        refusal refused = refusal::none;
    };

    /// `per_address` and `total` are the caps (0 means no cap).
    address_table(std::size_t per_address, std::size_t total) : per_address_(per_address), total_cap_(total) {}
    address_table(address_table const&) = delete;
    address_table& operator=(address_table const&) = delete;

    /// A slot for `key` (see limit_key), counted against both caps.
    admission admit(std::string_view key);
    /// A slot counted against the total cap only (e.g. a trusted proxy's connections, which carry
    /// many clients).
    admission admit_total_only();

    /// Slots held now, in total and by `key`.
    std::size_t total() const;
    std::size_t held_by(std::string_view key) const;
    /// Addresses holding at least one slot.
    std::size_t addresses() const;
    std::size_t per_address_cap() const { return per_address_; }
    std::size_t total_cap() const { return total_cap_; }

private:
    void release(std::string const& key);

    std::size_t const per_address_;
    std::size_t const total_cap_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::unordered_map<std::string, std::size_t> by_key_;
};

}  // namespace baro
