-- baro schema, first version. One file per schema change; each runs in one transaction.

create extension if not exists pg_trgm;

create table consultation (
    id          bigint generated always as identity primary key,
    slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    title       jsonb not null,                 -- {"fr": …, "bm": …, "en": …}
    description jsonb not null default '{}',
    opens_at    timestamptz,
    closes_at   timestamptz,
    sms_keyword text,                           -- leading keyword that routes SMS here, e.g. MT
    channels    text[] not null default '{web,sms,ussd,whatsapp,messenger,telegram}',
    created_at  timestamptz not null default now()
);

create table theme (
    id              bigint generated always as identity primary key,
    consultation_id bigint not null references consultation(id) on delete cascade,
    slug            text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    position        int not null default 0,
    label           jsonb not null,             -- {"fr": …, "bm": …, "en": …}
    keywords_fr     text[] not null default '{}',
    keywords_bm     text[] not null default '{}',
    unique (consultation_id, slug)
);

-- A citizen's contribution. Text columns: raw is what arrived (retention-limited), display_text is
-- the faithful cleaned form shown to people, search_key the folded form used for search and dedup.
create table contribution (
    id               bigint generated always as identity primary key,
    consultation_id  bigint references consultation(id) on delete cascade,  -- null: unrouted inbox
    channel          text not null,
    external_id      text not null,
    sender_key       text,                      -- HMAC-SHA256(pepper, sender id), hex; never the raw id
    received_at      timestamptz not null default now(),
    raw              text,
    display_text     text not null,
    search_key       text not null default '',
    language         text not null default 'unknown',
    script           text not null default '',
    region           text,
    status           text not null default 'new'
                     check (status in ('new', 'published', 'rejected', 'spam', 'duplicate', 'archived', 'unpublished')),
    suggested_themes text[] not null default '{}',
    themes           text[] not null default '{}',
    tags             text[] not null default '{}',
    flags            text[] not null default '{}',
    edited_text      text,
    duplicate_of     bigint references contribution(id) on delete set null,
    published_at     timestamptz,
    unique (channel, external_id)
);

create index contribution_queue on contribution (consultation_id, status, received_at desc, id desc);
create index contribution_sender on contribution (sender_key) where sender_key is not null;
create index contribution_search_trgm on contribution using gin (search_key gin_trgm_ops);
create index contribution_search_fts on contribution using gin (to_tsvector('simple', search_key));

create table moderator (
    id            bigint generated always as identity primary key,
    email         text not null unique,
    role          text not null check (role in ('admin', 'moderator', 'analyst')),
    password_hash text not null,                -- libsodium crypto_pwhash_str (argon2id)
    totp_secret   text,
    created_at    timestamptz not null default now(),
    disabled_at   timestamptz
);

-- Append-only, hash-chained record of every moderation decision.
create table audit_event (
    id         bigint generated always as identity primary key,
    at         timestamptz not null default now(),
    actor      text not null,
    action     text not null,
    subject    text,
    detail     jsonb not null default '{}',
    prev_hash  text not null,
    hash       text not null
);
