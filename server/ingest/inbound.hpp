#pragma once
#include "channels/inbound_message.hpp"
#include "core/result.hpp"
#include "store/consultations.hpp"
#include "store/contribution_writer.hpp"

#include <string>
#include <string_view>

namespace baro::ingest {

/// Where a channel message goes, and its text once a leading routing keyword is taken off.
struct route_result
{
    store::consultation_info const* consultation = nullptr;  ///< nullptr: the unrouted inbox
    /// The consultation the keyword or recipient named when it takes nothing now (closed, archived,
    /// not open yet): the message goes to the unrouted inbox, flagged, and gets the closed answer.
    store::consultation_info const* closed = nullptr;
    std::string text;
};

/// The flag an unrouted row carries when it arrived for a consultation that takes nothing now:
/// "closed:" and that consultation's slug.
constexpr char const* closed_flag_prefix = "closed:";

/// Routes a channel message: its leading keyword (`MT …`), else the consultation its recipient
/// (number, short code, Page, bot) belongs to, else the open consultation marked default for
/// unrouted messages, else the only open consultation; otherwise nowhere (the unrouted inbox:
/// nothing is dropped). A keyword or recipient of a consultation that is not open (and of no open
/// one) routes nowhere and names it in `closed`. A public post is routed by route_public_post alone.
/// Pure but for the clock that decides what is open.
route_result route(store::catalog const& catalog, channels::inbound_message const& m);

/// The row for a channel message: routed, text cleaned and analysed, sender pseudonymized with
/// `pepper` (the raw sender id goes no further). external_id is scoped by provider, except a public
/// post's: the platform's own id, with its source (permalink, the post it answers) beside it.
/// Error: unprocessable when nothing is left to keep (no text, or only a routing keyword, and no
/// medium). The medium itself is sealed and attached by deliver(), which holds the key.
result<store::contribution_row> prepare_inbound(store::catalog const& catalog, channels::inbound_message const& m,
                                                std::string_view pepper);

}  // namespace baro::ingest
