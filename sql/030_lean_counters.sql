-- The acknowledged write's triggers, planned once (issue 17, docs/performance.md "The acknowledged write
-- after issue 17"). What the group-commit writer's transaction still does besides its insert, counted
-- on a migrated database: the primary key, the (channel, external_id) key, nine indexes the queue,
-- the grouper and the sender tools read (five more are partial and skip new rows), four foreign-key
-- checks per row and three statement triggers: queue counts (sql/008), published counts (sql/010)
-- and search_pending (sql/029). The full-text GIN index of sql/001 is not among them: sql/006
-- dropped it, and no query uses full text (search is trigram, on contribution_search).
--
-- Measured with tests/bench/writer_cost.sh, batches of 16 rows (what group commit takes under load):
-- the two counter triggers cost more than the rows themselves, because both built their statements
-- with EXECUTE format(...) and PostgreSQL parsed and planned them again for every batch; the
-- published one did so to find that ingest inserts nothing published. Both stay in the transaction
-- (the queue's counts must match its rows, with no lag), but:
--   * an insert's queue counts are now static SQL, planned once per connection;
--   * an insert with no published row leaves published_count_apply before building anything.
-- The counts are the same as before, row for row.

create function queue_count_insert() returns trigger language plpgsql as $$
begin
    insert into queue_count as q
    select consultation_id, status, channel, language, region, pg_backend_pid() % 8, count(*)
    from new_rows
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (consultation_id, status, channel, language, region, shard) do update set n = q.n + excluded.n;
    insert into queue_theme_count as q
    select consultation_id, status, channel, language, region, t, pg_backend_pid() % 8, count(*)
    from new_rows d, lateral (select distinct unnest(d.themes || d.suggested_themes)) x(t)
    group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
    on conflict (consultation_id, status, channel, language, region, theme, shard) do update set n = q.n + excluded.n;
    return null;
end
$$;

drop trigger queue_count_insert on contribution;
create trigger queue_count_insert after insert on contribution
    referencing new table as new_rows for each statement execute function queue_count_insert();

create or replace function published_count_apply() returns trigger language plpgsql as $$
declare
    -- Only published rows of a consultation count; the ingest path inserts none, so for its group
    -- commits this trigger leaves at the first test (a static query, planned once).
    old_published text := 'select row(r.*)::contribution as r, -1 as delta from old_rows r'
                          ' where r.status = ''published'' and r.consultation_id is not null';
    new_published text := 'select row(r.*)::contribution as r, 1 as delta from new_rows r'
                          ' where r.status = ''published'' and r.consultation_id is not null';
    rows text;
begin
    if tg_op = 'INSERT' then
        -- nested, not "and": the query names new_rows, which a DELETE trigger does not have
        if not exists (select 1 from new_rows r where r.status = 'published' and r.consultation_id is not null) then
            return null;
        end if;
    end if;
    rows := case tg_op
        when 'INSERT' then new_published
        when 'DELETE' then old_published
        else old_published || ' union all ' || new_published end;
    execute format($q$
        insert into published_count as p
        select (d.r).consultation_id, k.dimension, k.key, sum(d.delta)
        from (%s) d, published_count_keys(d.r) k
        group by 1, 2, 3 having sum(d.delta) <> 0 order by 1, 2, 3
        on conflict (consultation_id, dimension, key) do update set n = p.n + excluded.n
    $q$, rows);
    return null;
end
$$;
