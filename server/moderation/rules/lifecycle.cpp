#include "moderation/rules/lifecycle.hpp"

namespace baro::moderation {

std::optional<phase> parse_status(std::string_view status)
{
    if(status == "draft")
        return phase::draft;
    if(status == "open")
        return phase::open;
    if(status == "closed")
        return phase::closed;
    if(status == "archived")
        return phase::archived;
    return std::nullopt;
}

std::string_view to_string(phase p)
{
    switch(p)
    {
    case phase::draft: return "draft";
    case phase::upcoming: return "upcoming";
    case phase::open: return "open";
    case phase::closed: return "closed";
    case phase::archived: return "archived";
    }
    return "draft";
}

phase phase_at(phase stored, std::optional<std::int64_t> opens_at, std::optional<std::int64_t> closes_at, std::int64_t now)
{
    if(stored != phase::open)
        return stored;
    if(closes_at && *closes_at <= now)
        return phase::closed;
    if(opens_at && *opens_at > now)
        return phase::upcoming;
    return phase::open;
}

std::string transition_problem(phase from, phase to, std::optional<std::int64_t> closes_at, std::int64_t now)
{
    if(from == to || (from == phase::upcoming && to == phase::open))
        return "The consultation is already " + std::string(to_string(from)) + ".";
    switch(to)
    {
    case phase::open:
        if(from == phase::archived)
            return "An archived consultation is read-only.";
        if(closes_at && *closes_at <= now)
            return "Its closing time is past: move closes_at later first.";
        return {};
    case phase::closed:
        if(from == phase::open || from == phase::upcoming)
            return {};
        return "Only an open consultation can be closed.";
    case phase::archived:
        if(from == phase::closed)
            return {};
        return "Only a closed consultation can be archived.";
    case phase::draft:
    case phase::upcoming: break;
    }
    return "A consultation cannot go back to " + std::string(to_string(to)) + ".";
}

}  // namespace baro::moderation
