-- Queue counts as appended deltas, folded after the commit (issue 17, docs/architecture.md "Queue counts
-- are appended, then folded").
--
-- Until now every change to contribution (the writer's batch insert, a moderator's decision) updated
-- the counter rows of queue_count and queue_theme_count in place, with ON CONFLICT DO UPDATE. Those are
-- a few hundred rows that every batch updates: each update leaves the previous version of its row
-- behind, and while any transaction holds an older snapshot (the search indexer's round, the grouper's,
-- an analyst's export) PostgreSQL can prune none of them, so the next update walks the whole chain of
-- versions to find the live one. Measured (docs/performance.md, "Queue counts as deltas"): 11 µs a
-- source row with nothing else open, 291 µs while one repeatable-read transaction stayed open for the
-- minute of the run, in the transaction that acknowledges a citizen. An insert of new rows has no
-- chain to walk: 5 µs a source row, open transaction or not.
--
-- So a change now appends its counts, as signed deltas, to queue_count_delta and
-- queue_theme_count_delta (no index, no unique key, no row updated), and queue_count_fold() moves them
-- into the kept rows in one transaction: it deletes the deltas it sees and adds their sums, so a reader
-- sees every delta either still in the delta table or already in the kept rows, never both or
-- neither. Readers count through the views queue_counts and queue_theme_counts (kept rows plus deltas):
-- exact at every commit, as before, with no lag. The fold runs on its own thread
-- (store/count_folder) a few times a second; if it stops, nothing is lost and counts stay exact, only
-- the delta tables grow until it runs again.
create table queue_count_delta (
    consultation_id bigint,
    status          text not null,
    channel         text not null,
    language        text not null,
    region          text,
    n               bigint not null
);

create table queue_theme_count_delta (
    consultation_id bigint,
    status          text not null,
    channel         text not null,
    language        text not null,
    region          text,
    theme           text not null,
    n               bigint not null
);

create view queue_counts as
    select consultation_id, status, channel, language, region, n from queue_count
    union all
    select consultation_id, status, channel, language, region, n from queue_count_delta;

create view queue_theme_counts as
    select consultation_id, status, channel, language, region, theme, n from queue_theme_count
    union all
    select consultation_id, status, channel, language, region, theme, n from queue_theme_count_delta;

-- The writer's batch insert: static SQL, planned once per connection (as in sql/030).
create or replace function queue_count_insert() returns trigger language plpgsql as $$
begin
    insert into queue_count_delta
    select consultation_id, status, channel, language, region, count(*)
    from new_rows
    group by 1, 2, 3, 4, 5;
    insert into queue_theme_count_delta
    select consultation_id, status, channel, language, region, t, count(*)
    from new_rows d, lateral (select distinct unnest(d.themes || d.suggested_themes)) x(t)
    group by 1, 2, 3, 4, 5, 6;
    return null;
end
$$;

-- Updates and deletes (decisions, erasure): old rows count -1 and new rows +1; keys whose sum is 0
-- (claims, tags, edits) append nothing.
create or replace function queue_count_apply() returns trigger language plpgsql as $$
declare
    rows text := case tg_op
        when 'INSERT' then 'select *, 1 as delta from new_rows'
        when 'DELETE' then 'select *, -1 as delta from old_rows'
        else 'select *, -1 as delta from old_rows union all select *, 1 from new_rows' end;
begin
    execute format($q$
        insert into queue_count_delta
        select consultation_id, status, channel, language, region, sum(delta)
        from (%s) d
        group by 1, 2, 3, 4, 5 having sum(delta) <> 0
    $q$, rows);
    execute format($q$
        insert into queue_theme_count_delta
        select consultation_id, status, channel, language, region, t, sum(delta)
        from (%s) d, lateral (select distinct unnest(d.themes || d.suggested_themes)) x(t)
        group by 1, 2, 3, 4, 5, 6 having sum(delta) <> 0
    $q$, rows);
    return null;
end
$$;

create or replace function queue_count_clear() returns trigger language plpgsql as $$
begin
    delete from queue_count;
    delete from queue_theme_count;
    delete from queue_count_delta;
    delete from queue_theme_count_delta;
    return null;
end
$$;

-- Moves the deltas this statement sees into the kept rows (shard 0), in key order so that two nodes
-- folding at once take the kept rows' locks in the same order; a delta committed meanwhile waits for
-- the next fold. Returns the number of delta rows folded.
create function queue_count_fold() returns bigint language plpgsql as $$
declare
    folded bigint;
    themes bigint;
begin
    with d as (delete from queue_count_delta returning *), kept as (
        insert into queue_count as q
        select consultation_id, status, channel, language, region, 0, sum(n)
        from d
        group by 1, 2, 3, 4, 5 having sum(n) <> 0 order by 1, 2, 3, 4, 5
        on conflict (consultation_id, status, channel, language, region, shard) do update set n = q.n + excluded.n
    )
    select count(*) into folded from d;
    with d as (delete from queue_theme_count_delta returning *), kept as (
        insert into queue_theme_count as q
        select consultation_id, status, channel, language, region, theme, 0, sum(n)
        from d
        group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
        on conflict (consultation_id, status, channel, language, region, theme, shard) do update set n = q.n + excluded.n
    )
    select count(*) into themes from d;
    return folded + themes;
end
$$;
