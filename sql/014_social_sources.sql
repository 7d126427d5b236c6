-- Public social media (issue 13): a contribution taken from a public post or comment on Facebook,
-- Instagram or X, live or from an archive, remembers where it came from. Its channel is the
-- platform ('facebook', 'instagram', 'x') and its external_id the platform's own id of the post
-- or comment, so a live webhook and an archive import of the same post are one row.
-- Moderators see this; public outputs show only the platform, never a link back, unless the
-- consultation switches links on (show_source_links).
create table contribution_source (
    contribution_id bigint primary key references contribution(id) on delete cascade,
    platform        text not null check (platform in ('facebook', 'instagram', 'x')),
    permalink       text,           -- the post's URL on the platform
    in_reply_to     text,           -- the platform id of the post or comment this answers
    context_text    text,           -- that post's text, when the campaign's own account wrote it
    posted_at       timestamptz     -- the platform's date (an archive keeps the original date)
);

alter table consultation add column show_source_links boolean not null default false;
