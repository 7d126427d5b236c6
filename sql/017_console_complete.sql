-- The moderator's console, complete (issue 11): confirmed themes, undo, filters.

-- Themes a moderator confirmed. Once confirmed, `themes` is what the public counts, even when it is
-- empty ("none of these"); before, the machine's `suggested_themes` count. Until now a non-empty
-- `themes` meant confirmed; those rows are marked confirmed, and a non-empty `themes` still counts
-- as confirmed (server/store/publish_read.cpp reads the same rule). The flag is set before the counting rule
-- changes, so no row's keys move and published_count stays exact without a recount.
alter table contribution add column themes_confirmed boolean not null default false;
update contribution set themes_confirmed = true where cardinality(themes) > 0;

create or replace function published_count_keys(c contribution) returns table (dimension text, key text)
language plpgsql stable as $$
begin
    return query
        select 'total', ''
        union all select 'region', coalesce(c.region, '')
        union all select 'language', c.language
        union all select 'channel', c.channel
        union all select 'day', to_char(coalesce(c.published_at, c.received_at) at time zone 'UTC', 'YYYY-MM-DD')
        union all select 'theme', t
                  from unnest(case when c.themes_confirmed or cardinality(c.themes) > 0 then c.themes
                                     else c.suggested_themes end) t;
end
$$;

-- Confirming themes is a change a moderator sees: it bumps the version (sql/013).
create or replace function contribution_bump_version() returns trigger language plpgsql as $$
begin
    if (new.status, new.display_text, new.edited_text, new.themes, new.suggested_themes, new.tags,
        new.featured, new.reject_reason, new.duplicate_of, new.consultation_id, new.language, new.region,
        new.themes_confirmed)
       is distinct from
       (old.status, old.display_text, old.edited_text, old.themes, old.suggested_themes, old.tags,
        old.featured, old.reject_reason, old.duplicate_of, old.consultation_id, old.language, old.region,
        old.themes_confirmed) then
        new.version := old.version + 1;
    end if;
    return new;
end
$$;

-- The last decision on a contribution, undoable for a short window (store/decisions.hpp,
-- undo_window) by the moderator who took it, as long as the row has not changed since
-- (version_after). `before` holds the columns the decision changed, as they were. One row per
-- contribution: a later decision replaces it, an undo removes it; rows past the window are pruned.
create table decision_undo (
    contribution_id bigint primary key references contribution(id) on delete cascade,
    moderator_id    bigint not null references moderator(id) on delete cascade,
    action          text not null,
    at              timestamptz not null default now(),
    version_after   bigint not null,
    before          jsonb not null
);
create index decision_undo_at on decision_undo (at);

-- The queue's "confirmed themes" filter: few rows are confirmed among a million, so walking the
-- time order and filtering would read most of the table.
create index contribution_confirmed_time on contribution (received_at desc, id desc) where themes_confirmed;

-- The queue's region filter, above all in the unrouted inbox without a status: measured at 300,000
-- rows, unrouted + one region walked the time order for 406 ms; with this index 60 ms.
create index contribution_region_time on contribution (region, received_at desc, id desc);
