-- Counts by status for the moderation queue, kept as they change instead of counted on each request
-- (docs/performance.md, "Moderation queue (issue 5)": counting a million rows per request took
-- 232-516 ms). queue_count has a row per consultation, status, channel, language and region;
-- queue_theme_count the same per theme (a contribution counts once under each theme it has,
-- suggested or confirmed, as the queue's theme filter matches either).
--
-- Statement-level triggers with transition tables: the writer's group commit inserts many rows in
-- one statement, so the tables are touched once per batch, not once per row. Old rows count -1 and
-- new rows +1; keys whose sum is 0 (most updates: claims, tags, edits) are left alone. Sums are
-- applied in key order, so two transactions take the counter rows' locks in the same order. Each
-- backend writes its own shard of the counters (pg_backend_pid() % 8): two writer connections
-- committing batches at once do not queue behind one counter row; readers sum the shards.
create table queue_count (
    consultation_id bigint,
    status          text not null,
    channel         text not null,
    language        text not null,
    region          text,
    shard           smallint not null default 0,
    n               bigint not null,
    unique nulls not distinct (consultation_id, status, channel, language, region, shard)
);

create table queue_theme_count (
    consultation_id bigint,
    status          text not null,
    channel         text not null,
    language        text not null,
    region          text,
    theme           text not null,
    shard           smallint not null default 0,
    n               bigint not null,
    unique nulls not distinct (consultation_id, status, channel, language, region, theme, shard)
);

insert into queue_count (consultation_id, status, channel, language, region, n)
select consultation_id, status, channel, language, region, count(*)
from contribution group by 1, 2, 3, 4, 5;

insert into queue_theme_count (consultation_id, status, channel, language, region, theme, n)
select consultation_id, status, channel, language, region, t, count(*)
from contribution, lateral (select distinct unnest(themes || suggested_themes)) x(t) group by 1, 2, 3, 4, 5, 6;

create function queue_count_apply() returns trigger language plpgsql as $$
declare
    rows text := case tg_op
        when 'INSERT' then 'select *, 1 as delta from new_rows'
        when 'DELETE' then 'select *, -1 as delta from old_rows'
        else 'select *, -1 as delta from old_rows union all select *, 1 from new_rows' end;
begin
    execute format($q$
        insert into queue_count as q
        select consultation_id, status, channel, language, region, pg_backend_pid() %% 8, sum(delta)
        from (%s) d
        group by 1, 2, 3, 4, 5 having sum(delta) <> 0 order by 1, 2, 3, 4, 5
        on conflict (consultation_id, status, channel, language, region, shard) do update set n = q.n + excluded.n
    $q$, rows);
    execute format($q$
        insert into queue_theme_count as q
        select consultation_id, status, channel, language, region, t, pg_backend_pid() %% 8, sum(delta)
        from (%s) d, lateral (select distinct unnest(d.themes || d.suggested_themes)) x(t)
        group by 1, 2, 3, 4, 5, 6 having sum(delta) <> 0 order by 1, 2, 3, 4, 5, 6
        on conflict (consultation_id, status, channel, language, region, theme, shard) do update set n = q.n + excluded.n
    $q$, rows);
    return null;
end
$$;

create trigger queue_count_insert after insert on contribution
    referencing new table as new_rows for each statement execute function queue_count_apply();
create trigger queue_count_update after update on contribution
    referencing old table as old_rows new table as new_rows for each statement execute function queue_count_apply();
create trigger queue_count_delete after delete on contribution
    referencing old table as old_rows for each statement execute function queue_count_apply();

create function queue_count_clear() returns trigger language plpgsql as $$
begin
    delete from queue_count;
    delete from queue_theme_count;
    return null;
end
$$;

create trigger queue_count_truncate after truncate on contribution
    for each statement execute function queue_count_clear();

-- A tag filter (rare tags among a million rows) reads this index instead of walking the table.
create index contribution_tags on contribution using gin (tags);
