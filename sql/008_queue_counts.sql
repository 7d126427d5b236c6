-- Counts by status for the moderation queue, kept as they change instead of counted on each request
-- (docs/performance.md, "Moderation queue (issue 5)": counting a million rows per request took
-- 232-516 ms; this table has a row per consultation, status, channel, language and region).
--
-- Statement-level triggers with transition tables: the writer's group commit inserts many rows in
-- one statement, so the table is touched once per batch, not once per row. Rows of the same key are
-- summed first and applied in key order, so two transactions take the counter rows' locks in the
-- same order and cannot deadlock on them.
create table queue_count (
    consultation_id bigint,
    status          text not null,
    channel         text not null,
    language        text not null,
    region          text,
    n               bigint not null,
    unique nulls not distinct (consultation_id, status, channel, language, region)
);

insert into queue_count
select consultation_id, status, channel, language, region, count(*)
from contribution group by 1, 2, 3, 4, 5;

create function queue_count_apply() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into queue_count as q
        select consultation_id, status, channel, language, region, count(*)
        from new_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
        on conflict (consultation_id, status, channel, language, region) do update set n = q.n + excluded.n;
    elsif tg_op = 'DELETE' then
        update queue_count q set n = q.n - d.n
        from (select consultation_id, status, channel, language, region, count(*) as n
              from old_rows group by 1, 2, 3, 4, 5) d
        where q.consultation_id is not distinct from d.consultation_id and q.status = d.status
          and q.channel = d.channel and q.language = d.language and q.region is not distinct from d.region;
    else
        -- Most updates (claims, tags, edits) change no counted column: nothing to do.
        insert into queue_count as q
        select consultation_id, status, channel, language, region, sum(delta)
        from (select consultation_id, status, channel, language, region, -1 as delta from old_rows
              union all
              select consultation_id, status, channel, language, region, 1 from new_rows) d
        group by 1, 2, 3, 4, 5 having sum(delta) <> 0 order by 1, 2, 3, 4, 5
        on conflict (consultation_id, status, channel, language, region) do update set n = q.n + excluded.n;
    end if;
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
    return null;
end
$$;

create trigger queue_count_truncate after truncate on contribution
    for each statement execute function queue_count_clear();
