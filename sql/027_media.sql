-- Voice notes and pictures (issue 15). A message with a medium is stored first, like any other,
-- with a 'pending' row here written in the same transaction; the media fetcher downloads it after
-- the commit, checks its type by its bytes and stores it under the media directory, named by its
-- SHA-256. A contribution erased (a STOP, a moderator's erasure, a public post removed) leaves its
-- media rows with no contribution: the fetcher deletes their files, then the rows.
create table contribution_media (
    id               bigint generated always as identity primary key,
    contribution_id  bigint references contribution (id) on delete set null,
    kind             text not null check (kind in ('audio', 'image')),
    provider         text not null,                      -- the fetch client: whatsapp, messenger, twilio, telegram
    -- libsodium secretbox of the provider's reference (media id, MediaUrl, file_id, attachment URL)
    -- under outbox.key; null once the medium is stored or refused.
    reference_sealed bytea,
    declared_type    text not null default '',           -- the provider's word, shown, never trusted
    state            text not null default 'pending' check (state in ('pending', 'stored', 'refused')),
    reason           text,                               -- why refused: a key (too_large, not_media, …)
    sha256           text,                               -- hex; the file is <media dir>/<sha256>
    size_bytes       bigint,
    content_type     text,                               -- from the bytes: audio/ogg, image/jpeg, …
    public           boolean not null default false,     -- a moderator published the medium itself
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    created_at       timestamptz not null default now(),
    fetched_at       timestamptz,
    check (state = 'pending' or reference_sealed is null),
    check (state <> 'stored' or (sha256 is not null and content_type is not null))
);

create index contribution_media_due on contribution_media (next_attempt_at) where state = 'pending';
create index contribution_media_of on contribution_media (contribution_id);
create index contribution_media_orphans on contribution_media (id) where contribution_id is null;
create index contribution_media_sha on contribution_media (sha256) where sha256 is not null;
