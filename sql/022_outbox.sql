-- Replies to citizens (issue 15): an outbox written in the same transaction as what it answers (a
-- contribution, a withdrawal), sent afterwards by the outbox sender with retries, and the settings
-- of each consultation and channel (acknowledgements on or off, their texts, a daily SMS budget).
create table reply_setting (
    consultation_id  bigint not null references consultation (id) on delete cascade,
    channel          text not null,                      -- sms, ussd, whatsapp, messenger, telegram
    acknowledgements boolean not null default true,
    daily_sms_budget integer not null default 1000 check (daily_sms_budget >= 0),
    text_fr          text,                               -- null: the default text of client-web/i18n
    text_bm          text,
    text_en          text,
    primary key (consultation_id, channel)
);

create table outbox (
    id                  bigint generated always as identity primary key,
    kind                text not null check (kind in ('ack', 'withdrawal')),
    provider            text not null,                   -- twilio, africastalking, orange, whatsapp, messenger, telegram
    channel             text not null,
    consultation_id     bigint,                          -- null: unrouted, or a withdrawal
    contribution_id     bigint,                          -- the acknowledged contribution (no key: a STOP erases it)
    language            text not null default 'fr',
    route               text not null default '',        -- our side: our number, WhatsApp phone_number_id, Page id
    -- libsodium secretbox (24-byte nonce, then the box) of the citizen's address under outbox.key
    -- from the secrets file; set to null as soon as the row is sent or given up.
    recipient_sealed    bytea,
    window_from         timestamptz not null default now(),  -- the citizen's message: the 24-hour window starts here
    status              text not null default 'pending'
                        check (status in ('pending', 'sent', 'failed', 'skipped')),
    attempts            integer not null default 0,
    next_attempt_at     timestamptz not null default now(),
    lease_until         timestamptz,                     -- a sender holds the row until then
    idempotency_key     uuid not null default gen_random_uuid(),
    provider_message_id text,
    last_error          text,                            -- a reason key or an HTTP status, never an address
    created_at          timestamptz not null default now(),
    sent_at             timestamptz,
    check (status = 'pending' or recipient_sealed is null)
);

-- The sender's claim: the due pending rows, oldest first.
create index outbox_due on outbox (next_attempt_at) where status = 'pending';
-- The daily budget: SMS sent today for one consultation.
create index outbox_sent_today on outbox (consultation_id, sent_at) where status = 'sent';
