-- Account security (issue #16, items 7–10): login throttling that holds under concurrency and cannot
-- lock a moderator out from their own address, e-mails unique whatever their case, and a one-time
-- password that must be changed at the first login.

-- E-mails compare case-insensitively. Accounts whose e-mails differ only by case or surrounding spaces
-- cannot be merged safely (each may hold sessions, decisions, a second factor): the oldest enabled one
-- keeps the e-mail, the others are disabled, their sessions ended, and their e-mail renamed to
-- duplicate-<id>-<email> so an admin can look at them and re-enable one by hand.
do $$
declare
    d record;
begin
    for d in
        select id, email from (
            select id, email, row_number() over (partition by lower(btrim(email))
                                                 order by (disabled_at is null) desc, id) as n
            from moderator) x
        where n > 1
    loop
        raise notice 'moderator % (%) shares its e-mail with an older account whatever the case: disabled and renamed',
            d.id, d.email;
        update moderator set email = 'duplicate-' || d.id || '-' || lower(btrim(d.email)),
                             disabled_at = coalesce(disabled_at, now())
         where id = d.id;
        delete from moderator_session where moderator_id = d.id;
    end loop;
end $$;
update moderator set email = lower(btrim(email)) where email <> lower(btrim(email));
alter table moderator add constraint moderator_email_normal check (email = lower(btrim(email)));
create unique index moderator_email_lower on moderator (lower(email));

-- Set by `baro user add` (new account or --reset): the one-time password it printed must be replaced
-- before the session may do anything else.
alter table moderator add column must_change_password boolean not null default false;

-- Login throttling by key: 'pair:<account>|<address>', 'address:<address>' and 'account:<account>',
-- where <account> is 'id:<moderator id>' for an existing account, else a keyed hash of the typed
-- e-mail. Each attempt is counted here before its password is checked (one locked row per key), so
-- parallel attempts can never all read the same count; a success takes its own count back.
-- `refused` counts attempts turned away while throttled (those are not audited one by one).
create table login_throttle (
    key        text primary key,
    failures   int not null default 0,
    last_at    timestamptz not null default now(),
    refused    bigint not null default 0
);
create index login_throttle_last_at on login_throttle (last_at);

-- Addresses a moderator logged in from (kept 30 days): the per-account throttle does not apply there,
-- so someone hammering an account from elsewhere does not lock its owner out.
create table moderator_known_address (
    moderator_id bigint not null references moderator(id) on delete cascade,
    address      text not null,
    last_ok_at   timestamptz not null default now(),
    primary key (moderator_id, address)
);
create index moderator_known_address_last_ok on moderator_known_address (last_ok_at);

-- The per-attempt log held every typed e-mail (up to 8 KB, sometimes a password typed in the wrong
-- field) for a day; the throttle above replaces it.
drop table login_attempt;
