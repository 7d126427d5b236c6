#pragma once
// A consultation's lifecycle, the pure part: draft → open → closed → archived, by hand and by the
// clock. The stored status says what an admin chose; the phase says what holds now, once the
// opening and closing times are applied. Pure, so that intake, pages and the admin agree.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baro::moderation {

/// What holds for a consultation at one moment.
enum class phase
{
    draft,     ///< being prepared: invisible to the public, takes nothing
    upcoming,  ///< open by hand, but its opening time is still ahead: visible, takes nothing yet
    open,      ///< takes contributions
    closed,    ///< closed by hand or by the clock: public pages stay, takes nothing
    archived,  ///< read-only in the admin; public pages stay, takes nothing
};

/// The stored status `status` ("draft", "open", "closed", "archived"), or nullopt.
std::optional<phase> parse_status(std::string_view status);

/// The phase's name as stored and shown ("draft", "upcoming", "open", "closed", "archived").
std::string_view to_string(phase p);

/// The phase of a consultation whose stored status is `stored`, at `now` (seconds since 1970):
/// an "open" one is upcoming before `opens_at` and closed from `closes_at` on.
phase phase_at(phase stored, std::optional<std::int64_t> opens_at, std::optional<std::int64_t> closes_at, std::int64_t now);

/// True when a consultation in phase `p` takes contributions.
constexpr bool takes_contributions(phase p) { return p == phase::open; }

/// Why an admin may not move a consultation now in phase `from` to stored status `to`, as a
/// sentence; "" when the move is allowed. draft → open; open or upcoming → closed; closed → open
/// (reopen: only when its closing time is not past) or archived; archived → nothing.
std::string transition_problem(phase from, phase to, std::optional<std::int64_t> closes_at, std::int64_t now);

}  // namespace baro::moderation
