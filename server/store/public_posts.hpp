#pragma once
// What the author of a public post (Facebook, Instagram, X) does after posting it: edits it, or
// removes it. Stored by the same (channel, external_id) as the contribution it made.
#include "core/result.hpp"
#include "store/channel_state.hpp"
#include "store/contribution_writer.hpp"

#include <functional>
#include <optional>

namespace baro::store {

class database;

/// What an author's edit came to.
struct post_edited
{
    bool found = false;     ///< no contribution holds (channel, external_id): nothing changed
    bool changed = false;   ///< the text differed: updated and audited (false: a replayed edit)
    bool requeued = false;  ///< it was published: unpublished and back in the queue, to be read again
};

/// Replaces the text of the contribution stored under `row.channel`/`row.external_id` with the
/// edited one (raw, display text, search key, language, script, suggested themes, flags, all from
/// `row`, already analysed), with a "system" `source_edit` audit entry. A published one goes back
/// to `new` and leaves the public outputs: a moderator approved other words. Its consultation,
/// themes, tags and a moderator's edited text stay. `done` runs on a store thread.
void edit_public_post(database& db, contribution_row row, std::function<void(result<post_edited>)> done);

/// Withdraws the one contribution stored under (`channel`, `external_id`): its author removed the
/// post. Like a STOP, the row (and its text) is deleted and the withdrawal recorded without any
/// pseudonym, under the post's own id; a replay erases nothing, and the writer never stores that
/// post again. `done` runs on a store thread.
void withdraw_public_post(database& db, std::string channel, std::string external_id,
                          std::function<void(result<erased_sender>)> done);

}  // namespace baro::store
