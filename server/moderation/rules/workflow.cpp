#include "moderation/rules/workflow.hpp"

#include <algorithm>

namespace baro::moderation {

namespace {

struct transition
{
    char const* from;
    char const* action;
    char const* to;
};

// The whole workflow. Anything not listed is forbidden.
constexpr transition table[] = {
    {"new", "publish", "published"},   {"new", "reject", "rejected"},    {"new", "spam", "spam"},
    {"new", "duplicate", "duplicate"}, {"new", "archive", "archived"},   {"published", "unpublish", "unpublished"},
    {"rejected", "reopen", "new"},     {"spam", "reopen", "new"},        {"duplicate", "reopen", "new"},
    {"archived", "reopen", "new"},     {"unpublished", "reopen", "new"}, {"unpublished", "publish", "published"},
};

bool contains(std::vector<std::string> const& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

std::vector<std::string> const& reject_reasons()
{
    static std::vector<std::string> const r{"off_topic",   "insult", "endangers_someone", "personal_data", "incomprehensible",
                                            "advertising", "other"};
    return r;
}

std::vector<std::string> const& actions()
{
    static std::vector<std::string> const a{"publish", "reject", "spam", "duplicate", "archive", "unpublish", "reopen"};
    return a;
}

result<std::string> next_status(std::string_view status, decision const& d)
{
    if(! contains(actions(), d.action))
        return fail(errc::unprocessable, "Unknown action \"" + d.action + "\".", "action");
    if(d.action == "reject" && ! contains(reject_reasons(), d.reason))
        return fail(errc::unprocessable, "A rejection needs a reason from the list.", "reason");
    if(d.action == "duplicate" && d.duplicate_of <= 0)
        return fail(errc::unprocessable, "Say which contribution this one repeats.", "duplicate_of");
    for(auto const& t : table)
        if(status == t.from && d.action == t.action)
            return std::string(t.to);
    return fail(errc::conflict, "A contribution that is " + std::string(status) + " cannot be given \"" + d.action + "\".");
}

}  // namespace baro::moderation
