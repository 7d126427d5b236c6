-- Channels: routing by recipient, USSD conversations, withdrawals.

-- Numbers, short codes, Pages and bots that lead to this consultation ('+22370000000',
-- '*384*123#', 'telegram:@baro_ml_bot'). A message to none of them is routed by keyword, or to
-- the only open consultation, or lands in the unrouted inbox (consultation_id null).
alter table consultation add column recipients text[] not null default '{}';

-- Where a USSD conversation stands between two screens; a few minutes at most.
create table ussd_session (
    session_id text primary key,
    state      jsonb not null,
    updated_at timestamptz not null default now()
);
create index ussd_session_age on ussd_session (updated_at);

-- A citizen's STOP erased what they had sent. Kept to account for the erasure; holds no pseudonym,
-- so the record itself cannot be tied back to the citizen.
create table withdrawal (
    id      bigserial primary key,
    channel text not null,
    erased  integer not null,
    at      timestamptz not null default now()
);
