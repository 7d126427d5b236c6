-- Moderation: sessions, login throttling, second factor, claims, decisions, blocked senders.

-- A console session. The cookie carries a random 256-bit token; only its SHA-256 is stored, so a
-- copy of the database opens no session.
create table moderator_session (
    token_hash   text primary key,
    moderator_id bigint not null references moderator(id) on delete cascade,
    csrf_token   text not null,
    created_at   timestamptz not null default now(),
    last_seen    timestamptz not null default now()
);
create index moderator_session_owner on moderator_session (moderator_id);

-- Every login attempt, for throttling per account and per address (kept a day).
create table login_attempt (
    id      bigint generated always as identity primary key,
    email   text not null,
    address text not null,
    ok      boolean not null,
    at      timestamptz not null default now()
);
create index login_attempt_email on login_attempt (email, at);
create index login_attempt_address on login_attempt (address, at);

-- TOTP: totp_secret (001) is set at enrolment and becomes required once confirmed.
alter table moderator add column totp_confirmed boolean not null default false;
alter table moderator add column totp_last_step bigint not null default 0;
alter table moderator add column recovery_codes text[] not null default '{}';   -- SHA-256 of each unused code

-- Who is deciding on what, and what was decided.
alter table contribution add column claimed_by bigint references moderator(id) on delete set null;
alter table contribution add column claimed_until timestamptz;
alter table contribution add column reject_reason text;
alter table contribution add column decided_by bigint references moderator(id) on delete set null;
alter table contribution add column decided_at timestamptz;
alter table contribution add column featured boolean not null default false;
create index contribution_status_time on contribution (status, received_at desc, id desc);

-- Pseudonyms whose future messages go straight to spam.
create table blocked_sender (
    sender_key text primary key,
    blocked_by bigint references moderator(id) on delete set null,
    at         timestamptz not null default now()
);
