-- Media retention (issue 15). A voice note is the citizen's own voice, which identifies them more
-- than anything they type; once a moderator has transcribed it, the text carries what was said. So
-- each consultation keeps its media files a number of days after they were received (default 90:
-- enough for a moderation backlog and for a consultation of a few weeks such as #MaTransition,
-- short enough that recordings do not outlive their use). The media fetcher erases the files past
-- that age and marks their rows refused with reason 'expired' (checksum and size stay, a record that
-- a file was kept and is gone). Messages that no consultation took follow the default.
--
-- This file runs before 027_media.sql on a fresh database (migrations run in name order; 019 was
-- reserved for this change), so it touches only the consultation table.
alter table consultation
    add column media_retention_days integer not null default 90 check (media_retention_days between 1 and 3650);
